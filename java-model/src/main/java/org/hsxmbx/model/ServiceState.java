package org.hsxmbx.model;

/**
 * The parts of one service that the operations share, wired once: the clock, the event log and
 * the reply in progress, the pools, the task and descriptor tables, the waits, the taps, the
 * queues and the settling that follows a change.
 */
record ServiceState(Profile profile, Clock clock, EventLog events, Replies replies, Resources resources,
                    TaskTable tasks, DescriptorTable descriptors, Waits waits, Taps taps, Queues queues,
                    Settler settler) {

    static ServiceState of(Profile profile) {
        Clock clock = new Clock();
        EventLog events = new EventLog(profile, clock);
        Replies replies = new Replies(events);
        Resources resources = new Resources(profile);
        TaskTable tasks = new TaskTable();
        DescriptorTable descriptors = new DescriptorTable(profile, resources, events, tasks);
        Waits waits = new Waits(clock, events, replies, tasks);
        Taps taps = new Taps(profile, clock, events, resources, descriptors);
        Queues queues = new Queues(events, taps);
        Settler settler = new Settler(waits, queues);
        return new ServiceState(profile, clock, events, replies, resources, tasks, descriptors, waits, taps, queues,
                settler);
    }

    Features features() {
        return profile.features();
    }
}
