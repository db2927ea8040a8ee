package dev.keyward.hook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** The throwaway repository a class-data-sharing training run checks: one commit, then staged edits. */
final class Training {

    private Training() {
    }

    static void makeRepository(Path dir) throws IOException, GitAPIException {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            PersonIdent who = new PersonIdent("keyward", "keyward@localhost");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                text.append("line ").append(i).append(" aws_region = us-east-1\n");
            }
            Files.writeString(dir.resolve("a.txt"), text, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("b.txt"), "old\n", StandardCharsets.UTF_8);
            git.add().addFilepattern(".").call();
            git.commit().setAuthor(who).setCommitter(who).setSign(false).setMessage("one").call();
            Files.writeString(dir.resolve("a.txt"), text + "changed\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("c.txt"), "new\n", StandardCharsets.UTF_8);
            git.add().addFilepattern(".").call();
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
