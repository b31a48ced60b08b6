package org.hsxmbx.model;

import java.util.Collection;
import java.util.TreeMap;

/** The live tasks by pid (pid 0, the executive, always), and the handles they hold. */
final class TaskTable {
    private final TreeMap<Integer, Task> tasks = new TreeMap<>();

    TaskTable() {
        tasks.put(0, new Task(0));
    }

    boolean exists(int pid) {
        return tasks.containsKey(pid);
    }

    /** The task, or null. */
    Task get(int pid) {
        return tasks.get(pid);
    }

    /** The calling task if it exists and is not blocked, else null (INVALID_ARGUMENT). */
    Task caller(int pid) {
        Task t = tasks.get(pid);
        return t == null || t.wait != null ? null : t;
    }

    /** The task that holds a wait. */
    Task holder(Wait w) {
        return tasks.get(w.handle().pid);
    }

    /** Live tasks but pid 0. */
    int started() {
        return tasks.size() - 1;
    }

    Task start(int pid) {
        Task t = new Task(pid);
        tasks.put(pid, t);
        return t;
    }

    void remove(int pid) {
        tasks.remove(pid);
    }

    /** Live tasks in pid order. */
    Collection<Task> all() {
        return tasks.values();
    }

    Handle addHandle(Task task, Descriptor d, int access) {
        Handle h = new Handle(task.nextHandleId(), task.pid, d, access);
        task.handles.put(h.id, h);
        d.handles.add(h);
        return h;
    }
}
