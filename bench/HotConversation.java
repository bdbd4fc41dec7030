import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a hot conversation's time goes, from the sandbox's accepted imports only (arrival times as the server saw
 * them): the gaps between its consecutive arrivals, split into gaps across a file boundary (the previous message
 * is of another hour) and gaps within a file; the latter split again into contended ones (another conversation of
 * the endpoint arrived in the gap: the pacer is shared) and uncontended ones (the conversation ran alone: what is
 * left beside the latency is the bridge's own per-message hand-off, record and processing).
 * <p>Usage: {@code java -cp target/chat-history-bridge.jar bench/HotConversation.java BASE_URL APPKEY ENDPOINT TARGET MEAN_LATENCY_MS}
 */
public class HotConversation {
    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String appKey = args[1];
        String endpoint = args[2];
        String target = args[3];
        double meanLatencyMs = Double.parseDouble(args[4]);
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        String url = baseUrl + "/_sandbox/imports?app=" + URLEncoder.encode(appKey, StandardCharsets.UTF_8) + "&endpoint=" + endpoint;
        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<long[]> hot = new ArrayList<>();     // arrival nanos, hour
        List<Long> others = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode a = json.readTree(line);
                long at = a.get("arrival_nanos").asLong();
                if (a.get("target").asText().equals(target)) {
                    hot.add(new long[] {at, a.get("msg_timestamp").asLong() / 3_600_000L});
                } else {
                    others.add(at);
                }
            }
        }
        hot.sort((x, y) -> Long.compare(x[0], y[0]));
        long[] other = others.stream().mapToLong(Long::longValue).sorted().toArray();
        double boundarySum = 0;
        int boundaries = 0;
        double contendedSum = 0;
        int contended = 0;
        double aloneSum = 0;
        int alone = 0;
        for (int k = 1; k < hot.size(); k++) {
            long from = hot.get(k - 1)[0];
            long to = hot.get(k)[0];
            double gapMs = (to - from) / 1e6;
            if (hot.get(k)[1] != hot.get(k - 1)[1]) {
                boundarySum += gapMs;
                boundaries++;
                continue;
            }
            int i = Arrays.binarySearch(other, from + 1);
            int pos = i >= 0 ? i : -i - 1;
            if (pos < other.length && other[pos] < to) {
                contendedSum += gapMs;
                contended++;
            } else {
                aloneSum += gapMs;
                alone++;
            }
        }
        double span = hot.size() < 2 ? 0 : (hot.get(hot.size() - 1)[0] - hot.get(0)[0]) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT hot_conversation messages=%d first_to_last_s=%.2f across_files=%d gaps_sum_s=%.2f"
                        + " within_file_contended=%d mean_gap_ms=%.1f within_file_alone=%d mean_gap_ms=%.1f mean_latency_ms=%.1f%n",
                hot.size(), span, boundaries, boundarySum / 1000, contended, contended == 0 ? 0 : contendedSum / contended,
                alone, alone == 0 ? 0 : aloneSum / alone, meanLatencyMs);
    }
}
