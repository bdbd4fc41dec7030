import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Helpers of the import benchmarks and the soak, against the bridge's external interface only (a file in the inbox,
 * the sandbox's record of accepted imports). Three commands:
 * <ul>
 *   <li>{@code generate HISTORY REQUESTS N SEED}: an NDJSON history file of N records in the format of
 *       easemob-api.md §4 (chat and groupchat txt messages, half each, over N/100 user pairs and N/200 groups, one
 *       hour two hours ago, 3 % of neighbours swapped in file order) and, next to it, the N import requests they must
 *       become, in the sandbox's accepted-import format. Every message has a unique {@code body.msg}: that is how
 *       an accepted import is mapped back to its source record.</li>
 *   <li>{@code backlog DIR REQUESTS FILES RECORDS SEED [hourly]}: FILES hour files {@code DIR/{yyyyMMddHH}.ndjson} of RECORDS
 *       records each (consecutive hours ending two hours ago), as {@code generate} writes them but shuffled in file
 *       order, 5 % of records sharing the previous record's timestamp, and one hot group holding 30 % of each
 *       hour's group messages (with a last argument {@code hourly}: another group each hour); the requests of all files go to REQUESTS (a conversation's equal timestamps +1 ms in
 *       the import's order, as the import sends them). Prints the figures the backlog's bound is
 *       computed from: messages per endpoint and the largest conversation.</li>
 *   <li>{@code media HISTORY REQUESTS MEDIA_HISTORY MEDIA_REQUESTS BASE_URL FRACTION SEED}: the same messages as
 *       {@code generate} wrote, a FRACTION of them turned into media (img, audio, video with its thumbnail, file;
 *       easemob-api.md §4) whose files it uploads into the source app through its chatfiles API (sizes log-uniform
 *       1 KB-1 MB, half of them restricted, one in ten sharing an earlier file). A media message keeps its text as
 *       {@code ext.bench_key}, which maps its accepted import back; {@code check} accepts its url and secret
 *       pointing at any copy in the target app.</li>
 *   <li>{@code plain-client REQUESTS BASE_URL ORG APP CLIENT_ID SECRET CONCURRENCY}: the baseline of the unpaced
 *       import: a plain {@code java.net.http.HttpClient} loop, CONCURRENCY threads each posting one conversation
 *       at a time in timestamp order, one token; retries 429/5xx/IO up to 8 times.</li>
 *   <li>{@code check REQUESTS BASE_URL APPKEY [allowedDuplicates]}: reads the sandbox's accepted imports and
 *       stats and prints missing / mismatched / duplicates / unexpected, the order violations, per-endpoint
 *       accepted rate (from the sandbox's arrival times), max requests in any 1 s window, 429s and token requests.
 *       Exit code 1 when something is missing, mismatched or unexpected.</li>
 * </ul>
 * Run with the bridge jar on the class path: {@code java -cp target/chat-history-bridge.jar bench/ImportBench.java ...}
 */
public class ImportBench {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
            case "backlog" -> generateBacklog(args.length > 6 && args[6].equals("hourly"), Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Long.parseLong(args[5]));
            case "plain-client" -> plainClient(Path.of(args[1]), args[2], args[3], args[4], args[5], args[6],
                    Integer.parseInt(args[7]), args.length > 8 ? Path.of(args[8]) : null, args.length > 9 ? args[9] : "{}");
            case "media" -> media(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), args[5],
                    Double.parseDouble(args[6]), Long.parseLong(args[7]));
            case "check" -> System.exit(check(Path.of(args[1]), args[2], args[3],
                    args.length > 4 ? Long.parseLong(args[4]) : -1));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ------------------------------------------------------------------------------------------------ generate

    record Msg(int i, boolean group, String from, String to, long ts) {}

    static void generate(Path history, Path requests, int n, long seed) throws IOException {
        if (n > 3_600_000) {
            throw new IllegalArgumentException("at most 3,600,000 messages (distinct ms timestamps within one hour)");
        }
        Random rnd = new Random(seed);
        int pairs = Math.max(4, Math.min(500, n / 100));
        int groups = Math.max(2, Math.min(250, n / 200));
        long hourStart = (System.currentTimeMillis() / 3_600_000L - 2) * 3_600_000L;
        double step = 3_600_000.0 / Math.max(1, n);
        try (BufferedWriter h = Files.newBufferedWriter(history, StandardCharsets.UTF_8);
             BufferedWriter r = Files.newBufferedWriter(requests, StandardCharsets.UTF_8)) {
            Msg held = null;
            for (int i = 0; i < n; i++) {
                Msg m = msg(i, hourStart, step, rnd, pairs, groups);
                if (held == null && i + 1 < n && rnd.nextDouble() < 0.03) {
                    held = m;               // written after the next one: file order is not time order
                    continue;
                }
                writeHistory(h, m, seed);
                writeRequest(r, m, seed);
                if (held != null) {
                    writeHistory(h, held, seed);
                    writeRequest(r, held, seed);
                    held = null;
                }
            }
            if (held != null) {
                writeHistory(h, held, seed);
                writeRequest(r, held, seed);
            }
        }
        System.out.printf(Locale.ROOT, "generated %,d messages over %d user pairs and %d groups: %s%n", n, pairs, groups, history);
    }

    static final String HOT_GROUP = "1223376564999";

    /** @param hourly each hour's hot group is another one (a burst in one group, then in the next) */
    static void generateBacklog(boolean hourly, Path dir, Path requests, int files, int records, long seed) throws IOException {
        Random rnd = new Random(seed);
        int pairs = Math.max(4, Math.min(500, records / 100));
        int groups = Math.max(2, Math.min(250, records / 200));
        long firstHour = (System.currentTimeMillis() / 3_600_000L - 1 - files) * 3_600_000L;
        double step = 3_600_000.0 / Math.max(1, records);
        Map<String, Integer> perConversation = new HashMap<>();
        long users = 0;
        long chatgroups = 0;
        Files.createDirectories(dir);
        try (BufferedWriter r = Files.newBufferedWriter(requests, StandardCharsets.UTF_8)) {
            for (int f = 0; f < files; f++) {
                long hourStart = firstHour + f * 3_600_000L;
                String hot = hourly ? String.valueOf(Long.parseLong(HOT_GROUP) + f) : HOT_GROUP;
                List<Msg> hour = new ArrayList<>(records);
                for (int j = 0; j < records; j++) {
                    Msg m = msg(f * 1_000_000 + j, hourStart, 0, rnd, pairs, groups);
                    long ts = j > 0 && rnd.nextDouble() < 0.05 ? hour.get(j - 1).ts : hourStart + (long) Math.floor(j * step);
                    String to = m.group && rnd.nextDouble() < 0.3 ? hot : m.to;
                    hour.add(new Msg(m.i, m.group, m.from, to, ts));
                }
                java.util.Collections.shuffle(hour, rnd);
                String name = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.ofEpochMilli(hourStart)) + ".ndjson";
                try (BufferedWriter h = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8)) {
                    for (Msg m : hour) {
                        writeHistory(h, m, seed);
                    }
                }
                // the import's order: by timestamp, then file position; a conversation's equal timestamps +1 ms
                List<Msg> imported = new ArrayList<>(hour);
                imported.sort(Comparator.comparingLong(Msg::ts));
                Map<String, Long> last = new HashMap<>();
                for (Msg m : imported) {
                    String c = conversation(m.group, m.from, m.to);
                    long ts = Math.max(m.ts, last.getOrDefault(c, Long.MIN_VALUE) + 1);
                    last.put(c, ts);
                    writeRequest(r, new Msg(m.i, m.group, m.from, m.to, ts), seed);
                    perConversation.merge(c, 1, Integer::sum);
                    if (m.group) {
                        chatgroups++;
                    } else {
                        users++;
                    }
                }
            }
        }
        Map.Entry<String, Integer> hottest = perConversation.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        System.out.printf(Locale.ROOT, "RESULT backlog files=%d records=%d users=%d chatgroups=%d conversations=%d hottest=%s hottest_messages=%d%n",
                files, (long) files * records, users, chatgroups, perConversation.size(), hottest.getKey(), hottest.getValue());
    }

    static Msg msg(int i, long hourStart, double step, Random rnd, int pairs, int groups) {
        long ts = hourStart + (long) Math.floor(i * step);
        if (i % 2 == 0) {
            int p = rnd.nextInt(pairs);
            boolean flip = rnd.nextBoolean();
            String a = "buser" + (2 * p + 1);
            String b = "buser" + (2 * p + 2);
            return new Msg(i, false, flip ? b : a, flip ? a : b, ts);
        }
        return new Msg(i, true, "buser" + (1 + rnd.nextInt(2 * pairs)), Long.toString(1_223_376_564_000L + rnd.nextInt(groups)), ts);
    }

    static String text(Msg m, long seed) {
        return "bench " + seed + " #" + m.i + (m.i % 7 == 3 ? " 你好 👋" : "");
    }

    static void writeHistory(BufferedWriter w, Msg m, long seed) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("chat_type", m.group ? "groupchat" : "chat");
        o.put("msg_id", Long.toString(1_100_000_000_000_000_000L + seed % 1000 * 10_000_000L + m.i));
        o.put("timestamp", m.ts);
        o.put("direction", "outgoing");
        o.put("from", m.from);
        o.put("to", m.to);
        ObjectNode p = o.putObject("payload");
        ObjectNode b = p.putArray("bodies").addObject();
        b.put("msg", text(m, seed));
        b.put("type", "txt");
        ObjectNode ext = ext(m);
        if (ext != null) {
            p.set("ext", ext);
        }
        p.put("from", m.from);
        p.put("to", m.to);
        w.write(JSON.writeValueAsString(o));
        w.write('\n');
    }

    static ObjectNode ext(Msg m) {
        return switch (m.i % 3) {
            case 0 -> {
                ObjectNode e = JSON.createObjectNode();
                e.put("bench_seq", m.i);
                e.putObject("nested").put("k", "v" + m.i % 5);
                yield e;
            }
            case 1 -> JSON.createObjectNode();
            default -> null;
        };
    }

    static void writeRequest(BufferedWriter w, Msg m, long seed) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("endpoint", m.group ? "chatgroups" : "users");
        o.put("from", m.from);
        o.put("target", m.to);
        o.put("type", "txt");
        o.putObject("body").put("msg", text(m, seed));
        ObjectNode ext = ext(m);
        if (ext != null) {
            o.set("ext", ext);
        }
        o.put("msg_timestamp", m.ts);
        o.put("need_download", false);
        w.write(JSON.writeValueAsString(o));
        w.write('\n');
    }


    // ------------------------------------------------------------------------------------------------ media

    record Uploaded(String url, String secret, long bytes) {}

    static void media(Path history, Path requests, Path mediaHistory, Path mediaRequests, String baseUrl,
                      double fraction, long seed) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = baseUrl + "/bench-org/bench-src";
        ObjectNode tr = JSON.createObjectNode().put("grant_type", "client_credentials")
                .put("client_id", "bench-src-client").put("client_secret", "bench-src-secret");
        String token = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(tr))).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
        Map<String, ObjectNode> bodies = new HashMap<>(); // text -> its media body (history form, with type)
        Random rnd = new Random(seed);
        List<Uploaded> files = new ArrayList<>();
        long bytes = 0;
        int thumbs = 0;
        List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
        for (String line : lines) {
            String text = JSON.readTree(line).path("payload").path("bodies").path(0).path("msg").asText();
            if (rnd.nextDouble() >= fraction) {
                continue;
            }
            String[] types = {"img", "img", "img", "img", "img", "audio", "audio", "video", "file", "file"};
            String type = types[rnd.nextInt(types.length)];
            Uploaded f = !files.isEmpty() && rnd.nextDouble() < 0.1 ? files.get(rnd.nextInt(files.size()))
                    : upload(http, base, token, rnd, type, files.size());
            if (!files.contains(f)) {
                files.add(f);
                bytes += f.bytes;
            }
            ObjectNode b = JSON.createObjectNode();
            b.put("type", type);
            b.put("url", f.url);
            b.put("secret", f.secret);
            b.put("filename", "bench-" + files.indexOf(f) + switch (type) {
                case "img" -> ".jpg"; case "audio" -> ".amr"; case "video" -> ".mp4"; default -> ".pdf"; });
            b.put("file_length", f.bytes);
            switch (type) {
                case "img" -> b.putObject("size").put("width", 640).put("height", 480);
                case "audio" -> b.put("length", 1 + rnd.nextInt(60));
                case "video" -> {
                    Uploaded thumb = upload(http, base, token, rnd, "thumb", files.size());
                    bytes += thumb.bytes;
                    thumbs++;
                    b.put("thumb", thumb.url);
                    b.put("thumb_secret", thumb.secret);
                    b.put("length", 1 + rnd.nextInt(60));
                    b.putObject("size").put("width", 320).put("height", 240);
                }
                default -> { }
            }
            bodies.put(text, b);
        }
        try (BufferedWriter h = Files.newBufferedWriter(mediaHistory, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                ObjectNode o = (ObjectNode) JSON.readTree(line);
                ObjectNode p = (ObjectNode) o.get("payload");
                String text = p.path("bodies").path(0).path("msg").asText();
                ObjectNode b = bodies.get(text);
                if (b != null) {
                    p.putArray("bodies").add(b);
                    (p.has("ext") ? (ObjectNode) p.get("ext") : p.putObject("ext")).put("bench_key", text);
                }
                h.write(JSON.writeValueAsString(o));
                h.write('\n');
            }
        }
        try (BufferedReader r = Files.newBufferedReader(requests, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(mediaRequests, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                ObjectNode o = (ObjectNode) JSON.readTree(line);
                String text = o.path("body").path("msg").asText();
                ObjectNode b = bodies.get(text);
                if (b != null) {
                    ObjectNode body = b.deepCopy();
                    o.put("type", body.remove("type").asText());
                    o.set("body", body);
                    (o.hasNonNull("ext") ? (ObjectNode) o.get("ext") : o.putObject("ext")).put("bench_key", text);
                }
                w.write(JSON.writeValueAsString(o));
                w.write('\n');
            }
        }
        System.out.printf(Locale.ROOT, "RESULT media messages=%d media=%d files=%d bytes=%d%n", lines.size(),
                bodies.size(), files.size() + thumbs, bytes);
    }

    /**
     * One file into the source app (POST chatfiles, multipart): 1 KB-1 MB log-uniform (environment FILE_KB: that
     * size), half restricted.
     */
    static Uploaded upload(HttpClient http, String base, String token, Random rnd, String type, int n) throws Exception {
        String fixedKb = System.getenv().getOrDefault("FILE_KB", "");
        int size = fixedKb.isEmpty() ? (int) Math.round(Math.exp(Math.log(1024) + rnd.nextDouble() * Math.log(1024)))
                : Integer.parseInt(fixedKb) * 1024;
        byte[] content = new byte[size];
        rnd.nextBytes(content);
        boolean restricted = rnd.nextBoolean();
        String boundary = "bench" + Long.toHexString(rnd.nextLong());
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + type + n
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/chatfiles"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)));
        if (restricted) {
            b.header("restrict-access", "true");
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200) {
                JsonNode o = JSON.readTree(resp.body());
                JsonNode e = o.get("entities").get(0);
                return new Uploaded(o.get("uri").asText() + "/" + e.get("uuid").asText(),
                        restricted ? e.get("share-secret").asText() : "", size);
            }
            if (resp.statusCode() != 429 || attempt > 50) {
                throw new IllegalStateException("upload into the source app: " + resp.statusCode() + " " + resp.body());
            }
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------------------------------------ plain client

    static String conversation(JsonNode r) {
        String ep = r.get("endpoint").asText();
        if (ep.equals("chatgroups")) {
            return ep + ":" + r.get("target").asText();
        }
        String a = r.get("from").asText();
        String b = r.get("target").asText();
        return ep + ":" + (a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a);
    }

    /**
     * Posts the requests the way a plain client would: {@code concurrency} threads, each taking a whole conversation
     * and posting its messages in time order. With a warm-up file, the same JVM first posts that (not counted), then
     * clears the sandbox ({@code /_sandbox/reset}, faults set again to {@code faultsJson}): its figures are then
     * those of warm code, like a bridge that has been running for a while.
     */
    static void plainClient(Path requests, String baseUrl, String org, String app, String clientId, String secret,
                            int concurrency, Path warmUp, String faultsJson) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15)).build();
        String base = baseUrl + "/" + org + "/" + app;
        ObjectNode tr = JSON.createObjectNode().put("grant_type", "client_credentials").put("client_id", clientId)
                .put("client_secret", secret);
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(tr))).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(t.body()).get("access_token").asText();
        if (warmUp != null) {
            postAll(http, base, token, warmUp, concurrency, "warm-up");
            for (String[] admin : List.of(new String[] {"reset", "{}"}, new String[] {"faults", faultsJson})) {
                HttpResponse<String> a = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_sandbox/" + admin[0]))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(admin[1])).build(), HttpResponse.BodyHandlers.ofString());
                if (a.statusCode() != 200) {
                    throw new IllegalStateException("sandbox " + admin[0] + ": " + a.statusCode() + " " + a.body());
                }
            }
        }
        postAll(http, base, token, requests, concurrency, "plain HttpClient");
    }

    static void postAll(HttpClient http, String base, String token, Path requests, int concurrency, String label)
            throws Exception {
        Map<String, List<JsonNode>> convs = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(requests, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    convs.computeIfAbsent(conversation(n), k -> new ArrayList<>()).add(n);
                }
            }
        }
        ConcurrentLinkedQueue<List<JsonNode>> queue = new ConcurrentLinkedQueue<>();
        for (List<JsonNode> l : convs.values()) {
            l.sort(Comparator.comparingLong(n -> n.get("msg_timestamp").asLong()));
            queue.add(l);
        }
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong retries = new AtomicLong();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread th0 = new Thread(() -> {
                for (List<JsonNode> conv; (conv = queue.poll()) != null; ) {
                    for (JsonNode m : conv) {
                        ObjectNode body = JSON.createObjectNode();
                        body.set("from", m.get("from"));
                        body.set("target", m.get("target"));
                        body.set("type", m.get("type"));
                        body.set("body", m.get("body"));
                        if (m.hasNonNull("ext")) {
                            body.set("ext", m.get("ext"));
                        }
                        body.set("msg_timestamp", m.get("msg_timestamp"));
                        body.put("need_download", m.path("need_download").asBoolean(false));
                        boolean done = false;
                        for (int attempt = 1; attempt <= 8 && !done; attempt++) {
                            try {
                                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(
                                                URI.create(base + "/messages/" + m.get("endpoint").asText() + "/import"))
                                        .timeout(Duration.ofSeconds(60))
                                        .header("Content-Type", "application/json")
                                        .header("Authorization", "Bearer " + token)
                                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                int s = resp.statusCode();
                                if (s == 200) {
                                    done = true;
                                } else if (s != 429 && s < 500) {
                                    break;
                                } else {
                                    retries.incrementAndGet();
                                }
                            } catch (IOException e) {
                                retries.incrementAndGet();
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        (done ? ok : failed).incrementAndGet();
                    }
                }
            }, "plain-" + w);
            th0.start();
            threads.add(th0);
        }
        for (Thread th : threads) {
            th.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (processCpuNanos() - cpu0) / 1e6;
        System.out.printf(Locale.ROOT, "%s, %d threads: %,d posted, %d failed, %d retries in %.2f s = %.0f msg/s%n",
                label, concurrency, ok.get(), failed.get(), retries.get(), s, ok.get() / s);
        if (label.startsWith("plain")) {
            System.out.printf(Locale.ROOT, "plain_cpu_ms_per_msg=%.3f%n", cpuMs / Math.max(1, ok.get()));
        }
    }

    /** CPU time of this JVM, all threads (the loop's share of the 2 cores it shares with the sandbox). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    // ------------------------------------------------------------------------------------------------ check

    /** A conversation's name: {@code g:} and the group, or the pair's two users in name order. */
    static String conversation(boolean group, String from, String to) {
        return group ? "g:" + to : from.compareTo(to) <= 0 ? from + "|" + to : to + "|" + from;
    }

    static String key(JsonNode r) {
        JsonNode media = r.path("ext").path("bench_key");
        return media.isTextual() ? media.asText() : r.path("body").path("msg").asText();
    }

    static final List<String> COPY_FIELDS = List.of("url", "secret", "thumb", "thumb_secret");

    /**
     * The body as expected, where a media message's url and secret (thumb and thumb_secret) may point at a copy in
     * the target app instead of the source file.
     */
    static boolean sameBody(JsonNode accepted, JsonNode expected) {
        if (accepted.equals(expected)) {
            return true;
        }
        if (!expected.path("url").asText().contains("/chatfiles/")) {
            return false;
        }
        for (String f : List.of("url", "thumb")) {
            if (expected.path(f).asText().contains("/chatfiles/")
                    && !accepted.path(f).asText().contains("/bench-tgt/chatfiles/")) {
                return false;
            }
        }
        ObjectNode a = accepted.deepCopy();
        ObjectNode e = expected.deepCopy();
        a.remove(COPY_FIELDS);
        e.remove(COPY_FIELDS);
        return a.equals(e);
    }

    static boolean sameExt(JsonNode a, JsonNode b) {
        boolean ea = a == null || a.isNull() || a.isEmpty();
        boolean eb = b == null || b.isNull() || b.isEmpty();
        return ea && eb || !ea && !eb && a.equals(b);
    }

    static int check(Path requests, String baseUrl, String appKey, long allowedDuplicates) throws Exception {
        Map<String, JsonNode> expected = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(requests, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    expected.put(key(n), n);
                }
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        String enc = java.net.URLEncoder.encode(appKey, StandardCharsets.UTF_8);
        Map<String, Integer> seen = new HashMap<>();
        long mismatched = 0;
        long unexpected = 0;
        long accepted = 0;
        Map<String, long[]> span = new HashMap<>(); // endpoint -> {count, firstNanos, lastNanos}
        Map<String, List<Long>> arrivals = new HashMap<>(); // endpoint -> arrival nanos, for TIMELINE_S
        Map<String, List<Long>> byConversation = new HashMap<>(); // conversation -> arrival nanos, for TIMELINE_S
        List<String> examples = new ArrayList<>();
        HttpResponse<InputStream> resp = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_sandbox/imports?app=" + enc)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode a = JSON.readTree(line);
                accepted++;
                String ep = a.get("endpoint").asText();
                long at = a.get("arrival_nanos").asLong();
                long[] s = span.computeIfAbsent(ep, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                s[0]++;
                s[1] = Math.min(s[1], at);
                s[2] = Math.max(s[2], at);
                arrivals.computeIfAbsent(ep, k -> new ArrayList<>()).add(at);
                String conv = conversation(ep.equals("chatgroups"), a.get("from").asText(), a.get("target").asText());
                byConversation.computeIfAbsent(conv, k -> new ArrayList<>()).add(at);
                JsonNode e = expected.get(key(a));
                if (e == null) {
                    unexpected++;
                    if (examples.size() < 5) {
                        examples.add("unexpected: " + line);
                    }
                    continue;
                }
                seen.merge(key(a), 1, Integer::sum);
                boolean same = ep.equals(e.get("endpoint").asText()) && a.get("from").equals(e.get("from"))
                        && a.get("target").equals(e.get("target")) && a.get("type").equals(e.get("type"))
                        && sameBody(a.get("body"), e.get("body")) && sameExt(a.get("ext"), e.get("ext"))
                        && a.get("msg_timestamp").asLong() == e.get("msg_timestamp").asLong();
                if (!same) {
                    mismatched++;
                    if (examples.size() < 5) {
                        examples.add("mismatched: " + line + "\n   expected " + e);
                    }
                }
            }
        }
        long missing = expected.keySet().stream().filter(k -> !seen.containsKey(k)).count();
        expected.keySet().stream().filter(k -> !seen.containsKey(k)).limit(5)
                .forEach(k -> examples.add("missing: " + expected.get(k)));
        long duplicates = seen.values().stream().mapToLong(c -> c - 1).sum();
        JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_sandbox/stats?windowMs=1000")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode app = stats.path("apps").path(appKey);
        examples.forEach(System.out::println);
        printTimeline(arrivals);
        printTail(byConversation);
        System.out.printf(Locale.ROOT, "RESULT expected=%d accepted=%d missing=%d mismatched=%d duplicates=%d unexpected=%d order_violations=%d%n",
                expected.size(), accepted, missing, mismatched, duplicates, unexpected, app.path("orderViolations").asLong());
        long firstAll = Long.MAX_VALUE;
        long lastAll = Long.MIN_VALUE;
        for (String ep : List.of("users", "chatgroups")) {
            long[] s = span.get(ep);
            JsonNode e = app.path("endpoints").path(ep);
            double rate = s == null || s[0] < 2 ? 0 : (s[0] - 1) / ((s[2] - s[1]) / 1e9);
            if (s != null) {
                firstAll = Math.min(firstAll, s[1]);
                lastAll = Math.max(lastAll, s[2]);
            }
            System.out.printf(Locale.ROOT, "RESULT endpoint=%s accepted=%d rate_per_s=%.2f requests=%d rejected429=%d rejected400=%d max_requests_in_1s=%d max_accepted_in_1s=%d statuses=%s%n",
                    ep, s == null ? 0 : s[0], rate, e.path("requests").asLong(), e.path("rejected429").asLong(),
                    e.path("rejected400").asLong(), e.path("maxInWindow").asLong(), e.path("maxAcceptedInWindow").asLong(),
                    e.path("statuses"));
        }
        double overall = accepted < 2 ? 0 : (accepted - 1) / ((lastAll - firstAll) / 1e9);
        System.out.printf(Locale.ROOT, "RESULT overall_rate_per_s=%.2f span_s=%.2f%n", overall, (lastAll - firstAll) / 1e9);
        StringBuilder tokens = new StringBuilder();
        stats.path("apps").properties().forEach(f -> tokens.append(' ').append(f.getKey()).append('=')
                .append(f.getValue().path("tokenRequests").asLong()));
        System.out.println("RESULT token_requests" + tokens);
        System.out.println("RESULT faults " + stats.path("faults").path("counters"));
        boolean ok = missing == 0 && mismatched == 0 && unexpected == 0
                && (allowedDuplicates < 0 || duplicates <= allowedDuplicates);
        return ok ? 0 : 1;
    }

    /** TIMELINE_S=n: accepted imports per n seconds and endpoint, from the first arrival (where a run lost its rate). */
    private static void printTimeline(Map<String, List<Long>> arrivals) {
        String every = System.getenv("TIMELINE_S");
        if (every == null || every.isBlank() || arrivals.isEmpty()) {
            return;
        }
        long bucket = (long) (Double.parseDouble(every) * 1e9);
        long first = arrivals.values().stream().flatMap(List::stream).mapToLong(Long::longValue).min().orElse(0);
        arrivals.forEach((ep, ats) -> {
            int[] counts = new int[(int) ((ats.stream().mapToLong(Long::longValue).max().orElse(first) - first) / bucket) + 1];
            ats.forEach(at -> counts[(int) ((at - first) / bucket)]++);
            StringBuilder line = new StringBuilder("TIMELINE " + ep + " per " + every + " s:");
            for (int c : counts) {
                line.append(' ').append(c);
            }
            System.out.println(line);
        });
    }

    /** TIMELINE_S: the conversations that ended last, with how many of their messages came in the last fifth. */
    private static void printTail(Map<String, List<Long>> byConversation) {
        if (System.getenv("TIMELINE_S") == null || byConversation.isEmpty()) {
            return;
        }
        long first = byConversation.values().stream().flatMap(List::stream).mapToLong(Long::longValue).min().orElse(0);
        long last = byConversation.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElse(0);
        long fifth = last - (last - first) / 5;
        StringBuilder line = new StringBuilder("TAIL conversations posting in the last fifth (messages then / in all, first s):");
        byConversation.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> -e.getValue().stream().mapToLong(Long::longValue).max().orElse(0)))
                .limit(8)
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s=%d/%d@%.1f", e.getKey(),
                        e.getValue().stream().filter(at -> at >= fifth).count(), e.getValue().size(),
                        (e.getValue().stream().mapToLong(Long::longValue).min().orElse(0) - first) / 1e9)));
        System.out.println(line);
    }
}
