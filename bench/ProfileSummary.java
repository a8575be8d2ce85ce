import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples of a JFR recording of a psp2psa run (bench/run.sh --profile): the share of the samples
 * per thread (reading and capturing, converting, planning, writing), per second of the run (so the phases show), per
 * psp2psa method on the stack (inclusive) and per method on top of the stack (self). Markdown tables on stdout.
 *
 * <pre>java bench/ProfileSummary.java RECORDING.jfr [TOP]</pre>
 */
public class ProfileSummary {

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<RecordedEvent> samples = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (e.getEventType().getName().equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                samples.add(e);
            }
        }
        int n = samples.size();
        if (n == 0) {
            System.out.println("no CPU samples in " + args[0]);
            return;
        }
        Instant start = samples.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElseThrow();
        Map<String, Integer> threads = new HashMap<>();
        Map<Long, Map<String, Integer>> seconds = new java.util.TreeMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        for (RecordedEvent e : samples) {
            String thread = group(e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName());
            threads.merge(thread, 1, Integer::sum);
            long second = java.time.Duration.between(start, e.getStartTime()).toSeconds();
            seconds.computeIfAbsent(second, s -> new LinkedHashMap<>()).merge(thread, 1, Integer::sum);
            RecordedStackTrace stack = e.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0)), 1, Integer::sum);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f);
                if (m.startsWith("dev.psp2psa.") && seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.println(n + " CPU samples in " + args[0]);
        System.out.println();
        table("thread", threads, n, top);
        System.out.println("| second | samples by thread |");
        System.out.println("| ---: | --- |");
        seconds.forEach((s, byThread) -> System.out.println("| " + s + " | " + byThread + " |"));
        System.out.println();
        table("psp2psa method on the stack (inclusive)", inclusive, n, top);
        table("method on top of the stack (self)", self, n, top);
    }

    private static String group(String thread) {
        return thread.replaceAll("-?\\d+$", "");
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void table(String what, Map<String, Integer> counts, int n, int top) {
        System.out.println("| " + what + " | share |");
        System.out.println("| --- | ---: |");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
        System.out.println();
    }
}
