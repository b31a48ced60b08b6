package org.hsxmbx.harness.vector;

import org.hsxmbx.model.Reply;

/**
 * What a load step returns: the reply of the load (its status, completions and events), the
 * entry a rejection is about (-1: the section as a whole; 0 when OK) and the field in the form
 * of {@link org.hsxmbx.harness.cbackend.LoaderField} (null when OK).
 */
public record LoadResult(Reply reply, int entry, String field) {
    public org.hsxmbx.model.Status status() {
        return reply.status();
    }
}
