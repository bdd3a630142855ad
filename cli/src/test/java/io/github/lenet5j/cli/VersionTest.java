package io.github.lenet5j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void theVersionOptionPrintsTheVersionTheCommitAndTheBuildDateFromTheBuild() {
        CliRunner r = CliRunner.run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("lenet5j 0.").containsPattern("\ncommit ([0-9a-f]{12} of \\d{4}-|unknown)")
                .containsPattern("\nbuilt \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\n").contains(" kernels")
                .doesNotContain("${");
    }

    @Test
    void aBuildWithoutGitSaysTheCommitIsUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "0.1.0");
        p.setProperty("commit", "${lenet5j.git.commit}");
        p.setProperty("commit.time", "${lenet5j.git.commit.time}");
        p.setProperty("build.date", "2026-12-04 10:00 UTC");
        assertThat(Main.Version.lines(p)).startsWith("lenet5j 0.1.0", "commit unknown (built without git)",
                "built 2026-12-04 10:00 UTC");
        assertThat(Main.Version.lines(new Properties())[0]).isEqualTo("lenet5j (version unknown)");
    }

    @Test
    void aBuildFromAChangedWorkingTreeSaysSo() {
        Properties p = new Properties();
        p.setProperty("commit", "0123456789ab");
        p.setProperty("commit.time", "2026-12-04 10:00 UTC");
        p.setProperty("dirty", "true");
        assertThat(Main.Version.lines(p)[1]).isEqualTo("commit 0123456789ab of 2026-12-04 10:00 UTC (with uncommitted changes)");
        p.setProperty("dirty", "false");
        assertThat(Main.Version.lines(p)[1]).isEqualTo("commit 0123456789ab of 2026-12-04 10:00 UTC");
    }
}
