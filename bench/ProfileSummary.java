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
 * Summarises the CPU samples of JFR recordings of psp2psa runs (bench/run.sh --profile): the share of the samples
 * per thread (reading and capturing, converting, planning, writing), per second of the run (so the phases show), per
 * library and per way of running (interpreted or compiled) of the method on top of the stack, per psp2psa method on
 * the stack (inclusive) and per method on top of the stack (self). Several recordings (repeated small runs) are
 * summed. Markdown tables on stdout.
 *
 * <pre>java bench/ProfileSummary.java RECORDING.jfr... [TOP]</pre>
 */
public class ProfileSummary {

    public static void main(String[] args) throws Exception {
        List<String> files = new ArrayList<>(List.of(args));
        int top = 25;
        if (files.size() > 1 && files.get(files.size() - 1).matches("\\d+")) {
            top = Integer.parseInt(files.remove(files.size() - 1));
        }
        List<RecordedEvent> samples = new ArrayList<>();
        Map<RecordedEvent, Instant> starts = new HashMap<>();
        for (String file : files) {
            List<RecordedEvent> own = new ArrayList<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(file))) {
                if (e.getEventType().getName().equals("jdk.ExecutionSample") && e.getStackTrace() != null) {
                    own.add(e);
                }
            }
            Instant first = own.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElse(null);
            own.forEach(e -> starts.put(e, first));
            samples.addAll(own);
        }
        int n = samples.size();
        String what = files.size() == 1 ? files.get(0) : files.size() + " recordings (" + files.get(0) + ", ...)";
        if (n == 0) {
            System.out.println("no CPU samples in " + what);
            return;
        }
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> modes = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<Long, Map<String, Integer>> seconds = new java.util.TreeMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        for (RecordedEvent e : samples) {
            String thread = group(e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName());
            threads.merge(thread, 1, Integer::sum);
            long second = java.time.Duration.between(starts.get(e), e.getStartTime()).toSeconds();
            seconds.computeIfAbsent(second, s -> new LinkedHashMap<>()).merge(thread, 1, Integer::sum);
            RecordedStackTrace stack = e.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (!frames.isEmpty()) {
                self.merge(name(frames.get(0)), 1, Integer::sum);
                libraries.merge(library(frames.get(0).getMethod().getType().getName()), 1, Integer::sum);
                modes.merge(frames.get(0).getType(), 1, Integer::sum);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f);
                if (m.startsWith("dev.psp2psa.") && seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.println(n + " CPU samples in " + what);
        System.out.println();
        table("thread", threads, n, top);
        table("library of the method on top of the stack", libraries, n, top);
        table("the method on top of the stack runs", modes, n, top);
        System.out.println("| second | samples by thread |");
        System.out.println("| ---: | --- |");
        seconds.forEach((s, byThread) -> System.out.println("| " + s + " | " + byThread + " |"));
        System.out.println();
        table("psp2psa method on the stack (inclusive)", inclusive, n, top);
        table("method on top of the stack (self)", self, n, top);
    }

    /** The library a class belongs to, by package; the JDK's own packages are one. */
    private static String library(String type) {
        String[][] prefixes = {
            {"dev.psp2psa.", "psp2psa"}, {"picocli.", "picocli"}, {"com.fasterxml.jackson.", "Jackson"},
            {"org.yaml.snakeyaml.", "SnakeYAML"}, {"io.fabric8.", "fabric8"}, {"freemarker.", "FreeMarker"},
            {"dev.cel.", "CEL"}, {"cel.", "CEL"}, {"org.antlr.", "ANTLR (CEL's parser)"},
            {"com.google.", "Guava, protobuf (CEL's)"}, {"java.", "JDK"}, {"javax.", "JDK"}, {"jdk.", "JDK"},
            {"sun.", "JDK"}, {"com.sun.", "JDK"},
        };
        for (String[] p : prefixes) {
            if (type.startsWith(p[0])) {
                return p[1];
            }
        }
        return type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
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
