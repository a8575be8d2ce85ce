import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.File;
import java.util.Arrays;

/**
 * The parse floor: reads every *.json file in DIR with Jackson's streaming parser ({@link JsonFactory},
 * token by token, every scalar value materialised with getText()/getNumberValue()), single-threaded, and
 * builds nothing. Uses the Jackson inside target/psp2psa.jar:
 *
 * <pre>java -cp target/psp2psa.jar bench/ParseFloor.java DIR</pre>
 */
public class ParseFloor {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((d, n) -> n.endsWith(".json"));
        Arrays.sort(files);
        JsonFactory f = new JsonFactory();
        long tokens = 0, chars = 0;
        for (File file : files) {
            try (JsonParser p = f.createParser(file)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    tokens++;
                    if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) chars += p.getText().length();
                    else if (t == JsonToken.VALUE_NUMBER_INT) chars += p.getNumberValue().hashCode() & 1;
                }
            }
        }
        System.out.println(tokens + " tokens, " + chars + " chars");
    }
}
