/* size_main.c: links the whole public API of the runtime for size-report.sh.
 *
 * Every call takes its arguments from a volatile, so nothing is folded and every
 * entry point (and everything it can reach) survives --gc-sections. ALL adds the
 * calls of the all-features set (tap, events, SVC, loader). Not run. */
#include "hsx_mbx.h"
volatile uint32_t sink;
#ifdef __arm__
void _exit(int c);
void _exit(int c) { (void)c; for (;;) { } }
#endif
static uint8_t buf[64];
int main(void){
  uint16_t h; hsx_mbx_msg_info_t info; hsx_mbx_peek_t pk; hsx_mbx_stats_t st; hsx_mbx_task_info_t ti; hsx_mbx_desc_snapshot_t ds;
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
  hsx_mbx_stats(&st);
  sink += hsx_mbx_task_info((uint16_t)sink, &ti);
  sink += hsx_mbx_desc_snapshot((uint16_t)sink, &ds);
#ifdef ALL
  { hsx_mbx_tap_snapshot_t ts; hsx_mbx_event_t ev; uint32_t s = sink; static uint32_t regs[6];
  sink += hsx_mbx_tap((uint16_t)sink, h, (uint8_t)sink);
  sink += hsx_mbx_tap_snapshot((uint16_t)sink, h, &ts);
  sink += hsx_mbx_event_next(&s, &ev);
  sink += hsx_mbx_event_seq();
  sink += hsx_mbx_svc((uint16_t)sink, (uint8_t)sink, regs, buf, sink);
  { hsx_mbx_completion_t c = {0}; hsx_mbx_svc_complete(&c, regs, buf, sink); }
  sink += hsx_mbx_load_section((uint16_t)sink, buf, sink, sink, &h, buf);
  sink += ts.pid + ev.a; }
#endif
  sink += info.length + pk.depth + st.arena_used + ti.pid + ds.id;
  for(;;){}
}
