package org.hsxmbx.codegen;

import java.util.Objects;
import org.hsxmbx.model.Profile;

/**
 * Everything the firmware generator reads.
 *
 * @param board        the board
 * @param profile      the profile, with the features of the build already applied
 * @param profileLabel how the profile was named (built-in name or file), for the banner
 * @param featureSet   {@code all} or {@code minimal}, or {@code profile} when the profile's own features are used
 * @param mailboxes    declared mailboxes, possibly none
 */
public record FirmwareSpec(Board board, Profile profile, String profileLabel, String featureSet,
                           MailboxSource mailboxes) {
    public FirmwareSpec {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(profileLabel, "profileLabel");
        Objects.requireNonNull(featureSet, "featureSet");
        Objects.requireNonNull(mailboxes, "mailboxes");
    }
}
