package org.hsxmbx.harness.vector;

import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.Completion;
import org.hsxmbx.model.Event;
import org.hsxmbx.model.EventSchema;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;

/** Small builders of replies for the diff and player tests. */
final class Fixtures {
    private Fixtures() {}

    static Reply ok() {
        return reply(Status.OK, List.of(), List.of());
    }

    static Reply reply(Status s, List<Completion> cs, List<Event> es) {
        return new Reply(s, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null, cs, es);
    }

    static Reply received(String text, int flags) {
        return new Reply(Status.OK, false, 0, 0, text.length(), flags, 0, 0, Bytes.utf8(text), null, List.of(),
                List.of());
    }

    static Completion timeout(int pid, int handle) {
        return new Completion(pid, handle, Completion.Kind.RECV, Status.TIMEOUT, 0, 0, 0, 0, Bytes.EMPTY);
    }

    static Completion woken(int pid, int handle, String text) {
        return new Completion(pid, handle, Completion.Kind.RECV, Status.OK, text.length(), 0, 0, 0, Bytes.utf8(text));
    }

    static Event error(long seq, int pid, String fn, Status s) {
        return new Event(seq, 0, EventSchema.Type.MAILBOX_ERROR, pid, EventSchema.code(EventSchema.FNS, fn), s.code());
    }
}
