package org.hsxmbx.model;

import java.util.List;

/**
 * Pre-creating an image's mailboxes for a task before it runs (hxe-mailbox-section.md), after
 * {@link PreloadCheck} has validated everything: binds every declaration on the task's behalf,
 * then opens every binding.
 */
final class Preload {
    private final ServiceState s;
    private final BindOps binds;

    Preload(ServiceState s, BindOps binds) {
        this.s = s;
        this.binds = binds;
    }

    /** Creates what {@code declarations} declare; {@code targets} are their resolved targets. */
    Reply apply(int pid, List<MailboxDeclaration> declarations, List<Target> targets) {
        Replies r = s.replies();
        r.begin();
        for (int i = 0; i < declarations.size(); i++) {
            MailboxDeclaration decl = declarations.get(i);
            Target t = targets.get(i);
            Descriptor d = s.descriptors().find(t.key());
            if (d == null) {
                d = s.descriptors().createChecked(pid, t, decl.capacity(), decl.mode(), 0);
            } else {
                binds.rebind(pid, d, decl.capacity(), decl.mode());
            }
            for (MailboxDeclaration.Binding b : decl.bindings()) {
                Handle h = s.tasks().addHandle(s.tasks().get(b.pid()), d, BindOps.accessOf(b.flags()));
                if ((b.flags() & Mbx.MODE_TAP) != 0) {
                    s.taps().enable(h);
                    s.settler().settle(d);
                }
            }
        }
        return r.ok();
    }
}
