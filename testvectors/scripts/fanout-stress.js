// Fan-out stress: a seeded loop of sends and receives on a FANOUT_DROP mailbox while readers
// join and leave, some of them blocking for the next message. The script keeps track of what
// every reader has seen and asserts the OVERRUN semantics of contract section 4:
//   - a reader receives messages in send order, only those sent after it joined;
//   - it skips a message only when that message was dropped, and then (and only then) the
//     message it receives carries OVERRUN, once;
//   - a reader that has read everything gets NO_DATA (POLL) or blocks and is woken by the
//     next send, in the order the waits began;
//   - with no reader at all, a fan-out send keeps nothing.
// Run: ./hsxmbx run testvectors/scripts/fanout-stress.js --backend java,c

const CAPACITY = 64;
const READERS = [2, 3, 4, 5, 6];
const WRITER = 1;
const ROUNDS = 400;

let overruns = 0;
let drops = 0;
let wakes = 0;

for (const seed of [1, 2, 3]) {
  const rand = rng(seed);
  mbx.profile({task_mailboxes: false});
  mbx.taskStart(WRITER);
  READERS.forEach((pid) => mbx.taskStart(pid));
  expect(mbx.bind(0, 'shared:fan', {capacity: CAPACITY, mode: 'RDWR|FANOUT_DROP'}), {status: 'OK', descriptor: 1});
  const w = mbx.open(WRITER, 'shared:fan');
  expect(w, {status: 'OK', handle: 1}, 'writer opens');

  let sent = 0;                 // messages sent so far; message k has text "m<k>.<padding>"
  const state = new Map();      // pid -> {handle, next (first message it may still see), blocked}
  const waiting = [];           // blocked readers, in the order their waits began

  // Checks one received message against what the reader may see; returns nothing.
  function received(pid, msg, where) {
    const r = state.get(pid);
    expect(msg.status, 'OK', where + ': status');
    const k = parseInt(msg.text.slice(1), 10);
    assert(k >= r.next, where + ': pid ' + pid + ' got m' + k + ' but had already seen up to m' + (r.next - 1));
    assert(k < sent, where + ': pid ' + pid + ' got m' + k + ' which was never sent');
    const skipped = k > r.next;
    expect(mbx.hasFlag(msg.flags, 'OVERRUN'), skipped,
        where + ': pid ' + pid + ' expected m' + r.next + ', got m' + k + ', OVERRUN flag');
    expect(msg.src_pid, WRITER, where + ': src_pid');
    if (skipped) {
      overruns++;
    }
    r.next = k + 1;
  }

  for (let round = 0; round < ROUNDS; round++) {
    const x = rand.next();
    const joined = [...state.keys()];
    if (x < 0.45 || joined.length === 0 && x < 0.6) {
      // send: a message of 5..28 bytes, so one to five fit in the ring
      const text = 'm' + sent + '.' + 'x'.repeat(rand.range(0, 20));
      const r = mbx.send(WRITER, w.handle, text);
      sent++;
      expect(r, {status: 'OK', length: text.length}, 'round ' + round + ': send');
      drops += r.events.filter((e) => e.type === 'mailbox_overrun').length;
      // every blocked reader had read everything: all wake with this message, in FIFO order
      expect(r.completions.map((c) => c.pid), waiting, 'round ' + round + ': woken readers');
      for (const c of r.completions) {
        expect(c.kind, 'recv');
        received(c.pid, c, 'round ' + round + ': wake');
        state.get(c.pid).blocked = false;
        wakes++;
      }
      waiting.length = 0;
      if (state.size === 0) {
        expect(mbx.peek(WRITER, w.handle), {depth: 0, bytes_used: 0}, 'round ' + round + ': no reader keeps nothing');
      }
    } else if (x < 0.85 && joined.length > 0) {
      // receive by a joined reader that is not blocked
      const pid = rand.pick(joined);
      const r = state.get(pid);
      if (r.blocked) {
        continue;
      }
      const block = rand.chance(0.3);
      const m = mbx.recv(pid, r.handle, {timeout: block ? mbx.INFINITE : mbx.POLL});
      if (r.next === sent) {
        expect(m.status, block ? 'BLOCKED' : 'NO_DATA', 'round ' + round + ': pid ' + pid + ' has read everything');
        if (block) {
          r.blocked = true;
          waiting.push(pid);
        }
      } else {
        received(pid, m, 'round ' + round + ': recv');
      }
    } else {
      // a reader joins or leaves
      const pid = rand.pick(READERS);
      const r = state.get(pid);
      if (r === undefined) {
        const o = mbx.open(pid, 'shared:fan');
        expect(o.status, 'OK', 'round ' + round + ': pid ' + pid + ' joins');
        state.set(pid, {handle: o.handle, next: sent, blocked: false}); // sees only later messages
      } else if (!r.blocked) {
        expect(mbx.close(pid, r.handle).status, 'OK', 'round ' + round + ': pid ' + pid + ' leaves');
        state.delete(pid);
      }
    }
    const p = mbx.peek(WRITER, w.handle);
    assert(p.bytes_used <= CAPACITY, 'round ' + round + ': ring over capacity: ' + p.bytes_used);
  }

  const s = mbx.stats();
  expect(s.waiter_count, waiting.length, 'seed ' + seed + ': waiters at the end');
  expect(s.descriptors['1'], {name: 'fan', capacity: CAPACITY, next_seq: sent}, 'seed ' + seed + ': descriptor');
}

assert(drops > 0, 'the loop never dropped a message; the scenario tests nothing');
assert(overruns > 0, 'no reader ever saw OVERRUN');
assert(wakes > 0, 'no blocked reader was ever woken');
console.log('fanout-stress: ' + drops + ' drops, ' + overruns + ' OVERRUN receives, ' + wakes + ' wakes');
