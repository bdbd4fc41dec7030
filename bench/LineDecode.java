import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chathistorybridge.imports.StrictUtf8;

/**
 * The per-line cost of the import's UTF-8 check (imports.StrictUtf8: refuses bytes that are not UTF-8) beside what
 * the line cost before: the lenient decode it replaced (new String(bytes, UTF_8), replacement characters) and the
 * JSON parse every line already gets in the ordering pass. History records (easemob-api.md section 4), half of
 * them with ASCII text, half with Chinese. Rounds alternate between the three after a warm-up; medians printed.
 * Usage: java -cp target/chat-history-bridge.jar bench/LineDecode.java [lines] [rounds]
 */
public class LineDecode {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<byte[]> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String text = i % 2 == 0 ? "see you at three, message " + i : "你好，今天下午三点开会，消息 " + i;
            lines.add(("{\"chat_type\":\"chat\",\"msg_id\":\"12800000000" + (10_000_000 + i) + "\",\"timestamp\":"
                    + (1_718_000_000_000L + i) + ",\"direction\":\"outgoing\",\"from\":\"u" + (i % 97) + "\",\"to\":\"u"
                    + (i % 89) + "\",\"payload\":{\"bodies\":[{\"type\":\"txt\",\"msg\":\"" + text + "\"}],\"ext\":{},"
                    + "\"from\":\"u" + (i % 97) + "\",\"to\":\"u" + (i % 89) + "\"}}").getBytes(StandardCharsets.UTF_8));
        }
        ObjectMapper json = new ObjectMapper();
        StrictUtf8 strict = new StrictUtf8();
        long[][] ns = new long[3][rounds];
        long sink = 0;
        for (int r = -2; r < rounds; r++) { // two warm-up rounds, not counted
            for (int kind = 0; kind < 3; kind++) {
                long t0 = System.nanoTime();
                for (byte[] line : lines) {
                    switch (kind) {
                        case 0 -> sink += new String(line, StandardCharsets.UTF_8).length();
                        case 1 -> sink += strict.decode(line, 0, line.length).length();
                        default -> sink += json.readTree(new String(line, StandardCharsets.UTF_8)).size();
                    }
                }
                if (r >= 0) {
                    ns[kind][r] = System.nanoTime() - t0;
                }
            }
        }
        double lenient = median(ns[0]) / n;
        double checked = median(ns[1]) / n;
        double parse = median(ns[2]) / n;
        System.out.printf("lenient decode (before): %.0f ns/line; strict UTF-8 decode (now): %.0f ns/line; JSON parse"
                + " of the line (already done per line): %.0f ns/line (sink %d)%n", lenient, checked, parse, sink);
        System.out.printf("RESULT utf8_strict_over_lenient=%.2f added_ns_per_line=%.0f added_over_parse=%.3f lines=%d%n",
                checked / lenient, checked - lenient, (checked - lenient) / parse, n);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
