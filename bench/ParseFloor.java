import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The parse floor: reads every *.json file in DIR with Jackson's streaming parser ({@link JsonFactory},
 * token by token, every scalar value materialised with getText()/getNumberValue()) and builds nothing;
 * single-threaded, or with {@code --threads N} one file per thread on N threads (the floor on all cores).
 * Uses the Jackson inside target/psp2psa.jar:
 *
 * <pre>java -cp target/psp2psa.jar bench/ParseFloor.java DIR [--threads N]</pre>
 */
public class ParseFloor {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((d, n) -> n.endsWith(".json"));
        Arrays.sort(files);
        int threads = args.length > 2 && args[1].equals("--threads") ? Integer.parseInt(args[2]) : 1;
        JsonFactory f = new JsonFactory();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> results = new ArrayList<>();
        for (File file : files) {
            results.add(pool.submit(() -> parse(f, file)));
        }
        long tokens = 0, chars = 0;
        for (Future<long[]> r : results) {
            tokens += r.get()[0];
            chars += r.get()[1];
        }
        pool.shutdown();
        System.out.println(tokens + " tokens, " + chars + " chars, " + threads + " thread(s)");
    }

    private static long[] parse(JsonFactory f, File file) throws Exception {
        long tokens = 0, chars = 0;
        try (JsonParser p = f.createParser(file)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                tokens++;
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) chars += p.getText().length();
                else if (t == JsonToken.VALUE_NUMBER_INT) chars += p.getNumberValue().hashCode() & 1;
            }
        }
        return new long[] {tokens, chars};
    }
}
