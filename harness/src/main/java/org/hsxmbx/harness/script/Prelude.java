package org.hsxmbx.harness.script;

/**
 * The JavaScript side of the host API: defines the globals {@code mbx}, {@code assert},
 * {@code expect} and {@code rng} over the host object {@link ScriptHost}. Arguments cross into
 * Java and results come back as JSON text, so scripts only ever see plain JS objects and
 * every argument goes through the vector parser (same names, ranges and messages as vectors).
 * Frames of this source are skipped when a failure is located, so messages point at the
 * scenario's own line.
 */
final class Prelude {
    /** The source name of the prelude; failure locations skip its frames. */
    static final String NAME = "<hsxmbx-prelude>";

    private Prelude() {}

    /** A function expression taking the host object; evaluating it and calling it installs the globals. */
    static final String SOURCE = """
        (function (host) {
          'use strict';
          const global = globalThis;
          const usage = (msg) => host.usage(String(msg));
          const toJson = (v) => JSON.stringify(v === undefined ? null : v);

          function options(fn, o, allowed) {
            if (o === undefined || o === null) return {};
            if (typeof o !== 'object' || Array.isArray(o)) usage('mbx.' + fn + ': options must be an object, got ' + toJson(o));
            const out = {};
            for (const k of Object.keys(o)) {
              const wire = allowed[k];
              if (wire === undefined) {
                usage('mbx.' + fn + ': unknown option \\'' + k + '\\' (known: ' + Object.keys(allowed).join(', ') + ')');
              }
              if (o[k] !== undefined) out[wire] = o[k];
            }
            return out;
          }

          function call(fn, op, args) {
            return JSON.parse(host.call(fn, op, toJson(args)));
          }

          function payload(fn, p) {
            if (typeof p === 'string') return {text: p};
            if (p instanceof Uint8Array || Array.isArray(p)) {
              let hex = '';
              for (const b of p) {
                if (!Number.isInteger(b) || b < 0 || b > 255) usage('mbx.' + fn + ': payload bytes must be integers 0..255, got ' + toJson(b));
                hex += (b < 16 ? '0' : '') + b.toString(16);
              }
              return {hex: hex};
            }
            if (p !== null && typeof p === 'object' && Object.keys(p).length === 1 && typeof p.hex === 'string') {
              return {hex: p.hex};
            }
            usage('mbx.' + fn + ': payload must be a string (UTF-8 text), an array or Uint8Array of bytes, or {hex: "..."}, got ' + toJson(p));
          }

          const SEND_OPTS = {flags: 'flags', channel: 'channel', timeout: 'timeout'};
          const RECV_OPTS = {maxLen: 'max_len', max_len: 'max_len', timeout: 'timeout'};
          const BIND_OPTS = {capacity: 'capacity', mode: 'mode'};
          const EMIT_OPTS = {name: 'name', description: 'description', events: 'events', stats: 'stats', quiet: 'quiet'};

          const constants = JSON.parse(host.constants());

          const mbx = {
            /** Resets every backend with a profile: a built-in name or an object of profile fields. */
            profile(p) { host.profile(toJson(p === undefined ? 'desktop' : p)); },
            taskStart(pid) { return call('taskStart', 'task_start', {pid: pid}); },
            taskExit(pid) { return call('taskExit', 'task_exit', {pid: pid}); },
            bind(pid, target, o) { return call('bind', 'bind', Object.assign({pid: pid, target: target}, options('bind', o, BIND_OPTS))); },
            open(pid, target, flags) {
              const a = {pid: pid, target: target};
              if (flags !== undefined) a.flags = flags;
              return call('open', 'open', a);
            },
            send(pid, handle, p, o) {
              return call('send', 'send', Object.assign({pid: pid, handle: handle}, payload('send', p), options('send', o, SEND_OPTS)));
            },
            recv(pid, handle, o) { return call('recv', 'recv', Object.assign({pid: pid, handle: handle}, options('recv', o, RECV_OPTS))); },
            peek(pid, handle) { return call('peek', 'peek', {pid: pid, handle: handle}); },
            tap(pid, handle, enable) { return call('tap', 'tap', {pid: pid, handle: handle, enable: enable === undefined ? true : enable}); },
            close(pid, handle) { return call('close', 'close', {pid: pid, handle: handle}); },
            /** Sets the executive clock to nowMs (absolute, like the vectors' tick). */
            tick(nowMs) { return call('tick', 'tick', {now_ms: nowMs}); },
            /** Selects the event types emitted: a mask of bits or type names joined by '|'; pid defaults to 0. */
            eventMask(mask, pid) { return call('eventMask', 'event_mask', {pid: pid === undefined ? 0 : pid, mask: mask}); },
            /** Moves the executive clock forward by ms. */
            advance(ms) {
              if (!Number.isInteger(ms) || ms < 0) usage('mbx.advance: ms must be a non-negative integer, got ' + toJson(ms));
              return call('advance', 'tick', {now_ms: (host.now() + ms) % 4294967296}); // the clock wraps at 2^32
            },
            stats() { return call('stats', 'stats', {}); },
            /** The executive clock: the last tick's now_ms. */
            now() { return host.now(); },
            /** A comment attached to the next recorded step of an emitted vector. */
            note(text) { host.note(String(text)); },
            /** Writes the steps since the last profile() as a vector file (path relative to the script). */
            emitVector(file, o) {
              if (typeof file !== 'string' || file === '') usage('mbx.emitVector: the first argument is the file to write, got ' + toJson(file));
              host.emitVector(file, toJson(options('emitVector', o, EMIT_OPTS)));
            },
            /** Backend names in lock step, the first is the reference. */
            backends: JSON.parse(host.backendNames()),
            /** Every numeric ABI constant by its C name without HSX_MBX_ (MSG_OVERRUN, MODE_RDWR, STATUS_OK, ...). */
            constants: constants,
            /** True when every bit of name (a message flag, "OVERRUN") or number is set in value. */
            hasFlag(value, name) {
              const bit = typeof name === 'number' ? name : constants['MSG_' + name];
              if (bit === undefined) usage('mbx.hasFlag: unknown flag ' + toJson(name));
              return (value & bit) === bit;
            },
            POLL: constants.TIMEOUT_POLL,
            INFINITE: constants.TIMEOUT_INFINITE
          };
          Object.freeze(mbx);

          function show(v) {
            return v === undefined ? 'undefined' : JSON.stringify(v);
          }

          /** First mismatch of actual against expected: objects check only expected's keys, arrays are exact lists. */
          function mismatch(actual, expected, path) {
            if (expected !== null && typeof expected === 'object') {
              if (Array.isArray(expected)) {
                if (!Array.isArray(actual)) return (path || 'value') + ': expected an array ' + show(expected) + ', got ' + show(actual);
                if (actual.length !== expected.length) {
                  return (path ? path + '.' : '') + 'length: expected ' + expected.length + ', got ' + actual.length + ' (' + show(actual) + ')';
                }
                for (let i = 0; i < expected.length; i++) {
                  const m = mismatch(actual[i], expected[i], (path || '') + '[' + i + ']');
                  if (m) return m;
                }
                return null;
              }
              if (actual === null || typeof actual !== 'object') return (path || 'value') + ': expected ' + show(expected) + ', got ' + show(actual);
              for (const k of Object.keys(expected)) {
                const m = mismatch(actual[k], expected[k], path ? path + '.' + k : k);
                if (m) return m;
              }
              return null;
            }
            if (actual === expected || (Number.isNaN(actual) && Number.isNaN(expected))) return null;
            return (path || 'value') + ': expected ' + show(expected) + ', got ' + show(actual);
          }

          function assert(cond, message) {
            if (!cond) host.fail('assertion failed' + (message === undefined ? '' : ': ' + message));
          }

          function expect(actual, expected, message) {
            const m = mismatch(actual, expected, '');
            if (m) host.fail((message === undefined ? '' : message + ': ') + m);
          }

          /** A seeded pseudo-random generator (mulberry32): the same seed gives the same numbers everywhere. */
          function rng(seed) {
            if (!Number.isInteger(seed)) usage('rng: seed must be an integer, got ' + toJson(seed));
            let a = seed >>> 0;
            const next = () => {
              a = (a + 0x6D2B79F5) >>> 0;
              let t = a;
              t = Math.imul(t ^ (t >>> 15), t | 1);
              t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
              return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
            };
            return Object.freeze({
              next: next,
              /** An integer in 0..n-1. */
              int(n) { return Math.floor(next() * n); },
              /** An integer in lo..hi inclusive. */
              range(lo, hi) { return lo + Math.floor(next() * (hi - lo + 1)); },
              /** true with probability p. */
              chance(p) { return next() < p; },
              pick(list) { return list[Math.floor(next() * list.length)]; }
            });
          }

          Object.defineProperty(global, 'mbx', {value: mbx, enumerable: true});
          Object.defineProperty(global, 'assert', {value: assert, enumerable: true});
          Object.defineProperty(global, 'expect', {value: expect, enumerable: true});
          Object.defineProperty(global, 'rng', {value: rng, enumerable: true});
        })
        """;
}
