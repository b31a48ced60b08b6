package org.hsxmbx.model.hxe;

import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Status;

/**
 * The executive's load of a {@code .mailbox} section ({@code hsx_mbx_load_section}): decode as
 * the load reads it, then {@link MailboxService#preload}, with the profile's loader features.
 * The {@code loader} feature off rejects every load with INVALID_ARGUMENT for the section as a
 * whole (no field, no event); {@code loader_json} off reads every payload as the binary table
 * (decisions.md, "Features that are off").
 */
public final class SectionLoader {
    private SectionLoader() {}

    /**
     * The outcome of a load: its reply, and for a rejection the entry (-1: the section as a
     * whole) and field as the model names them (null when OK or when no field is at fault),
     * with the message that explains it.
     */
    public record Result(Reply reply, int entry, String field, String message) {
        public Status status() {
            return reply.status();
        }
    }

    public static Result load(MailboxService service, int pid, Bytes section, long entryCount) {
        Features f = service.profile().features();
        if (!f.loader()) {
            return rejected(Status.INVALID_ARGUMENT, -1, null, "the loader feature is off in this profile");
        }
        try {
            List<MailboxDeclaration> decls = f.loaderJson() ? MailboxSectionCodec.decodeForLoad(section, entryCount)
                    : MailboxSectionCodec.decodeBinaryForLoad(section, entryCount);
            return new Result(service.preload(pid, decls), 0, null, null);
        } catch (HxeFormatException e) {
            return rejected(Status.INVALID_ARGUMENT, e.entry(), e.field(), e.getMessage());
        } catch (DeclarationException e) {
            return rejected(e.status(), e.entry(), e.field(), e.getMessage());
        }
    }

    private static Result rejected(Status s, int entry, String field, String message) {
        return new Result(new Reply(s, false, 0, 0, 0, 0, 0, 0, Bytes.EMPTY, null, List.of(), List.of()), entry,
                field, message);
    }
}
