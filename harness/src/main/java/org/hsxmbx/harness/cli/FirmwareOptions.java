package org.hsxmbx.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.codegen.Board;
import org.hsxmbx.codegen.BoardReader;
import org.hsxmbx.codegen.FirmwareSpec;
import org.hsxmbx.codegen.MailboxSource;
import org.hsxmbx.codegen.ProfileChoice;
import picocli.CommandLine.Option;

/** Options shared by generate, build and flash: which board, profile and mailboxes. */
final class FirmwareOptions {
    /** Folders of boards searched before the built-in ones, separated like PATH. */
    static final String BOARD_PATH_ENV = "HSXMBX_BOARD_PATH";

    @Option(names = "--board", required = true, paramLabel = "B",
            description = "board id (atmega1284p, mps2-an386, stm32f405, or one in --board-path /"
                    + " HSXMBX_BOARD_PATH), or a path to a board.json (or to its directory)")
    String board;

    @Option(names = "--board-path", paramLabel = "DIR", split = ":",
            description = "folder of boards (<DIR>/<id>/board.json), searched before HSXMBX_BOARD_PATH and the"
                    + " built-in boards; repeatable or ':'-separated")
    List<Path> boardPath = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "P",
            description = "built-in profile (embedded, desktop) or a profile JSON file; default: the board's")
    String profile;

    @Option(names = "--mailboxes", paramLabel = "FILE",
            description = "declared mailboxes: .mailbox JSON, an HXE image, C sources with #pragma hsx_mailbox,"
                    + " or a directory of sources")
    Path mailboxes;

    @Option(names = "--root", paramLabel = "DIR", hidden = true,
            description = "hsxmbx checkout (default: the launcher's, or the current directory's)")
    Path root;

    /** The checkout: --root, the launcher's {@code hsxmbx.root}, or the nearest parent with boards/. */
    Path repoRoot() {
        if (root != null) {
            return root.toAbsolutePath().normalize();
        }
        String prop = System.getProperty("hsxmbx.root");
        if (prop != null && !prop.isEmpty()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("boards")) && Files.isDirectory(p.resolve("firmware-c"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private Board loaded;

    /** The board: a board.json path, or an id in --board-path, HSXMBX_BOARD_PATH, then the built-in boards. */
    Board loadBoard() {
        List<Path> search = new ArrayList<>(boardPath);
        String env = System.getenv(BOARD_PATH_ENV);
        if (env != null) {
            for (String d : env.split(":")) {
                if (!d.isEmpty()) {
                    search.add(Path.of(d));
                }
            }
        }
        loaded = BoardReader.resolve(board, search, repoRoot().resolve("boards"));
        return loaded;
    }

    FirmwareSpec spec(Board b, String features) {
        ProfileChoice.Resolved p = ProfileChoice.resolve(profile, features, b);
        MailboxSource m = mailboxes == null ? MailboxSource.NONE : MailboxSource.load(mailboxes);
        return new FirmwareSpec(b, p.profile(), p.label(), p.featureSet(), m);
    }

    /** Default output directory of a board's firmware: {@code build/firmware/<board id>}. */
    Path defaultOut() {
        return repoRoot().resolve("build").resolve("firmware").resolve(loaded != null ? loaded.id() : board);
    }
}
