package org.hsaj.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code hsaj} command line end to end: exit statuses and what each command prints. */
class HsajCommandTest {
    record Outcome(int status, String out, String err) {
    }

    private static synchronized Outcome hsaj(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = new CommandLine(new HsajCommand()).execute(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsEveryCommand() {
        Outcome o = hsaj("--help");
        assertEquals(0, o.status());
        for (String command : new String[] {"samples", "run", "finalize", "bench"}) {
            assertTrue(o.out().contains(command), o.out());
        }
    }

    @Test
    void aNamedSampleRunsOnTheChosenBackEndAndPasses() {
        Outcome o = hsaj("samples", "vector_add", "--backend", "interp");
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("vector_add") && o.out().contains("interp") && o.out().contains("PASS"), o.out());
    }

    @Test
    void unknownSamplesAndBackEndsSayWhatExists() {
        Outcome sample = hsaj("samples", "no_such_sample");
        assertEquals(2, sample.status());
        assertTrue(sample.err().contains("no_such_sample") && sample.err().contains("vector_add"), sample.err());
        Outcome backend = hsaj("samples", "vector_add", "--backend", "fpga");
        assertEquals(2, backend.status());
        assertTrue(backend.err().contains("fpga"), backend.err());
    }

    @Test
    void theSelfCheckPasses() {
        Outcome o = hsaj("samples", "--self-check");
        assertEquals(0, o.status(), o.out());
        assertTrue(o.out().contains("queue-invalid-packet") && !o.out().contains("FAIL"), o.out());
    }

    @Test
    void finalizeReportsDiagnosticsWithTheirPositionAndSummarizesGoodFiles(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.hsail");
        Files.writeString(good, """
                module &m:1:0:$full:$large:$default;
                kernel &copy(kernarg_u64 %in, kernarg_u64 %out)
                {
                    workitemabsid_u32 $s0, 0;
                    cvt_u64_u32 $d0, $s0;
                    shl_u64 $d0, $d0, 2;
                    ld_kernarg_u64 $d1, [%in];
                    ld_kernarg_u64 $d2, [%out];
                    add_u64 $d1, $d1, $d0;
                    add_u64 $d2, $d2, $d0;
                    ld_global_u32 $s1, [$d1];
                    st_global_u32 $s1, [$d2];
                    ret;
                };
                """);
        Outcome ok = hsaj("finalize", good.toString());
        assertEquals(0, ok.status(), ok.out() + ok.err());
        assertTrue(ok.out().contains("&copy") && ok.out().contains("16"), ok.out());
        Path bad = dir.resolve("bad.hsail");
        Files.writeString(bad, """
                module &m:1:0:$full:$large:$default;
                kernel &k()
                {
                    add_u32 $s0, $s1, $d2;
                    ret;
                };
                """);
        Outcome broken = hsaj("finalize", bad.toString());
        assertEquals(1, broken.status());
        String all = broken.out() + broken.err();
        assertTrue(all.contains("bad.hsail:4:"), all);
    }

    @Test
    void runReportsAMissingProgramAndPassesTheGuestsExitStatus(@TempDir Path dir) {
        Outcome missing = hsaj("run", dir.resolve("nothing.riscv64").toString());
        assertEquals(127, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void runExecutesAGuestProgramOnTheCpuAgentInEveryMode() {
        String program = Path.of("..", "kernels", "riscv", "bin", "hash.riscv64").toString();
        Outcome interpreted = hsaj("run", "--interp", program, "test");
        assertEquals(0, interpreted.status(), interpreted.err());
        assertTrue(interpreted.out().startsWith("hash bytes="), interpreted.out());
        for (Outcome o : List.of(hsaj("run", program, "test"), hsaj("run", "--translate-all", program, "test"))) {
            assertEquals(0, o.status(), o.err());
            assertEquals(interpreted.out(), o.out());
        }
    }

    @Test
    void runRefusesTwoExecutionModes() {
        String program = Path.of("..", "kernels", "riscv", "bin", "hash.riscv64").toString();
        Outcome both = hsaj("run", "--interp", "--translate-all", program, "test");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("--interp and --translate-all exclude each other"), both.err());
        assertEquals("", both.out());
    }

    @Test
    void benchListsItsBenchmarksAndRejectsUnknownOnes() {
        Outcome list = hsaj("bench", "--list");
        assertEquals(0, list.status());
        Outcome unknown = hsaj("bench", "nosuch");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("no benchmark named 'nosuch'"), unknown.err());
    }
}
