package org.hsxmbx.harness.vector;

import java.util.List;
import org.hsxmbx.model.Profile;

/** One parsed vector file. {@code file} is the path as the user named it (used in every message). */
public record Vector(String name, String file, Profile profile, List<Step> steps) {
    public Vector {
        steps = List.copyOf(steps);
    }
}
