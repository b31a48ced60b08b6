package org.hsxmbx.model;

import java.util.ArrayList;
import java.util.List;

/**
 * task_start and task_exit (contract section 2): a task's stdio and pid: mailboxes when the
 * profile has task mailboxes, and everything a task leaves behind when it exits.
 */
final class TaskOps {
    private static final int STDIO_NAME_BYTES = "stdio.in".length() + "stdio.out".length() + "stdio.err".length();

    private final ServiceState s;
    private final HandleOps handles;

    TaskOps(ServiceState s, HandleOps handles) {
        this.s = s;
        this.handles = handles;
    }

    Reply taskStart(int pid) {
        Replies r = s.replies();
        r.begin();
        Profile profile = s.profile();
        if (pid <= 0 || pid > 0xFFFF || s.tasks().exists(pid)) {
            return r.error(pid, ServiceFn.TASK_START, Status.INVALID_ARGUMENT);
        }
        if (s.tasks().started() >= profile.maxTasks()) {
            s.events().exhausted(pid, EventReason.TASK_LIMIT, 0, 1);
            return r.error(pid, ServiceFn.TASK_START, Status.NO_DESCRIPTOR);
        }
        boolean stdio = s.features().stdio() && profile.taskMailboxes();
        if (stdio) {
            EventReason shortage = stdioShortage();
            if (shortage != null) {
                s.events().exhausted(pid, shortage, 0, stdioRequest(shortage));
                return r.error(pid, ServiceFn.TASK_START, Status.NO_DESCRIPTOR);
            }
        }
        Task task = s.tasks().start(pid);
        if (stdio) {
            createTaskMailboxes(task);
        }
        return r.ok();
    }

    private void createTaskMailboxes(Task task) {
        int pid = task.pid;
        int cap = s.profile().defaultCapacity();
        DescriptorTable dt = s.descriptors();
        Descriptor in = dt.create(new Target.Key(Mbx.NS_SVC, "stdio.in", pid), cap, Mbx.MODE_RDWR);
        Descriptor out = dt.create(new Target.Key(Mbx.NS_SVC, "stdio.out", pid), cap, Mbx.MODE_RDWR);
        Descriptor err = dt.create(new Target.Key(Mbx.NS_SVC, "stdio.err", pid), cap, Mbx.MODE_RDWR);
        dt.create(new Target.Key(Mbx.NS_PID, "pid:" + pid, pid), cap, Mbx.MODE_RDWR);
        s.tasks().addHandle(task, in, Mbx.MODE_RDWR);
        s.tasks().addHandle(task, out, Mbx.MODE_RDWR);
        s.tasks().addHandle(task, err, Mbx.MODE_RDWR);
    }

    /** The first resource task_start with stdio mailboxes lacks, or null. */
    private EventReason stdioShortage() {
        Resources res = s.resources();
        if (res.freeDescriptors() < 4) {
            return EventReason.DESCRIPTOR_POOL_FULL;
        }
        if (res.freeArena() < 4L * s.profile().defaultCapacity()) {
            return EventReason.ARENA;
        }
        if (res.freeNames() < STDIO_NAME_BYTES) {
            return EventReason.NAME_POOL;
        }
        if (s.profile().handleLimitPerPid() < 3) {
            return EventReason.HANDLE_LIMIT;
        }
        return null;
    }

    private long stdioRequest(EventReason shortage) {
        return switch (shortage) {
            case DESCRIPTOR_POOL_FULL -> 4;
            case ARENA -> 4L * s.profile().defaultCapacity();
            case NAME_POOL -> STDIO_NAME_BYTES;
            default -> 3;
        };
    }

    Reply taskExit(int pid) {
        Replies r = s.replies();
        r.begin();
        Task task = pid == 0 ? null : s.tasks().get(pid);
        if (task == null) {
            return r.error(pid, ServiceFn.TASK_EXIT, Status.INVALID_ARGUMENT);
        }
        List<Descriptor> touched = new ArrayList<>();
        if (task.wait != null) {
            Wait w = task.wait;
            s.waits().end(task);
            if (w.kind() == Completion.Kind.SEND) {
                touched.add(w.descriptor());
            }
        }
        for (Handle h : new ArrayList<>(task.handles.values())) {
            handles.release(task, h);
        }
        for (Descriptor d : s.descriptors().live()) {
            if (d.key.owner() == pid && s.descriptors().isLive(d)) {
                freeOwned(d);
            }
        }
        s.tasks().remove(pid);
        for (Descriptor d : touched) {
            if (s.descriptors().isLive(d)) {
                s.settler().settle(d);
            }
        }
        return r.ok();
    }

    /** Frees a descriptor whose owner exited: other tasks' waiters on it complete INVALID_HANDLE. */
    private void freeOwned(Descriptor d) {
        for (Wait w : s.waits().on(d, null)) {
            s.waits().finish(w, Status.INVALID_HANDLE, d);
        }
        for (Handle h : d.handles) {
            if (h.tap != null) {
                s.taps().free(h);
            }
            h.descriptor = null;
        }
        d.handles.clear();
        s.descriptors().destroy(d);
    }
}
