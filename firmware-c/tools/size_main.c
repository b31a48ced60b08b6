/* size_main.c: links the whole public API of the runtime for size-report.sh.
 *
 * Every call takes its arguments from a volatile, so nothing is folded and every
 * entry point (and everything it can reach) survives --gc-sections. The calls follow
 * the configuration's feature flags (tap, events, SVC, loader), so any feature set
 * links exactly the API it has. -DHSX_SIZE_NO_INTROSPECTION leaves out stats,
 * snapshots and task_info (the feature-cost table of the report). Not run. */
#include "hsx_mbx.h"
volatile uint32_t sink;
#ifdef __arm__
void _exit(int c);
void _exit(int c) { (void)c; for (;;) { } }
#endif
static uint8_t buf[64];
int main(void){
  uint16_t h; hsx_mbx_msg_info_t info; hsx_mbx_peek_t pk;
  sink += hsx_mbx_init(NULL);
  sink += hsx_mbx_task_start((uint16_t)sink);
  sink += hsx_mbx_task_exit((uint16_t)sink);
  sink += hsx_mbx_tick(sink);
  sink += hsx_mbx_bind((uint16_t)sink, (const char*)buf, sink, sink, sink, &h);
  sink += hsx_mbx_open((uint16_t)sink, (const char*)buf, sink, sink, &h);
  sink += hsx_mbx_send((uint16_t)sink, h, buf, sink, sink, sink, sink, &h);
  sink += hsx_mbx_recv((uint16_t)sink, h, buf, sink, sink, &info);
  sink += hsx_mbx_peek((uint16_t)sink, h, &pk);
  sink += hsx_mbx_close((uint16_t)sink, h);
  sink += info.length + pk.depth;
#ifndef HSX_SIZE_NO_INTROSPECTION
  { hsx_mbx_stats_t st; hsx_mbx_task_info_t ti; hsx_mbx_desc_snapshot_t ds;
  hsx_mbx_stats(&st);
  sink += hsx_mbx_task_info((uint16_t)sink, &ti);
  sink += hsx_mbx_desc_snapshot((uint16_t)sink, &ds);
  sink += st.arena_used + ti.pid + ds.id; }
#if HSX_MBX_CFG_TAPS
  { hsx_mbx_tap_snapshot_t ts;
  sink += hsx_mbx_tap_snapshot((uint16_t)sink, h, &ts);
  sink += ts.pid; }
#endif
#endif
#if HSX_MBX_CFG_TAPS
  sink += hsx_mbx_tap((uint16_t)sink, h, (uint8_t)sink);
#endif
#if HSX_MBX_CFG_EVENTS
  { hsx_mbx_event_t ev; uint32_t s = sink;
  sink += hsx_mbx_event_next(&s, &ev);
  sink += hsx_mbx_event_seq();
  sink += ev.a; }
#endif
#if HSX_MBX_CFG_SVC
  { static uint32_t regs[6]; hsx_mbx_completion_t c = {0};
  sink += hsx_mbx_svc((uint16_t)sink, (uint8_t)sink, regs, buf, sink);
  hsx_mbx_svc_complete(&c, regs, buf, sink); }
#endif
#if HSX_MBX_CFG_LOADER
  sink += hsx_mbx_load_section((uint16_t)sink, buf, sink, sink, &h, buf);
#endif
  for(;;){}
}
