package org.hsxmbx.harness.vector;

import org.hsxmbx.harness.cbackend.LoaderField;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.hxe.SectionLoader;

/** The Java reference model: the oracle every other backend is compared with. */
final class JavaBackend implements Backend {
    private MailboxService service;

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void reset(Profile profile) {
        service = new MailboxService(profile);
    }

    @Override
    public Reply apply(Step s) {
        return switch (s.op()) {
            case TASK_START -> service.taskStart(s.pid());
            case TASK_EXIT -> service.taskExit(s.pid());
            case BIND -> service.bind(s.pid(), s.target(), s.capacity(), s.mode());
            case OPEN -> service.open(s.pid(), s.target(), s.flags());
            case SEND -> service.send(s.pid(), s.handle(), s.payload(), s.flags(), s.channel(), s.timeout());
            case RECV -> service.recv(s.pid(), s.handle(), s.maxLen(), s.timeout());
            case PEEK -> service.peek(s.pid(), s.handle());
            case TAP -> service.tap(s.pid(), s.handle(), s.enable());
            case CLOSE -> service.close(s.pid(), s.handle());
            case TICK -> service.tick(s.nowMs());
            case EVENT_MASK -> service.eventMask(s.pid(), s.mask());
            case STATS, SVC, LOAD -> throw new IllegalArgumentException(s.op().wireName() + " steps go through "
                    + s.op().wireName() + "()");
        };
    }

    @Override
    public SvcResult svc(Step s) {
        long[] regs = s.registers();
        Reply r = service.svc(s.pid(), s.fn(), regs);
        return SvcResult.of(regs, r);
    }

    @Override
    public LoadResult load(Step s) {
        SectionLoader.Result r = SectionLoader.load(service, s.pid(), s.payload(), s.entryCount());
        return new LoadResult(r.reply(), r.entry(), LoaderField.of(r));
    }

    @Override
    public Stats stats() {
        return service.stats();
    }
}
