package io.chathistorybridge.sandbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Random;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Streams a synthetic Easemob hourly history file: gzip of NDJSON, one record per line, in the shape of
 * easemob-api.md §4: {"chat_type","msg_id","timestamp","direction":"outgoing","from","to",
 * "payload":{"bodies":[…],"ext":{…},"from","to"}}. Nothing is held in memory beyond one or two records.
 *
 * <p>Shape guarantees (deterministic for a given seed):
 * <ul>
 *   <li>distinct record j has message kind j % 9 (txt, img, audio, video, file, loc, cmd, custom with legacy
 *       {@code customExts} array, custom with {@code v2:customExts} map) and chat type (j / 9) % 3 (chat,
 *       groupchat, chatroom), so any 27 consecutive records cover every combination;</li>
 *   <li>line i is a byte-identical repeat of the previous line when i % 1000 == 7 (the documented duplicates);</li>
 *   <li>about 3% of neighbouring records are written in swapped order (file order is not documented);</li>
 *   <li>all timestamps lie inside the hour [start, start + 1 h) in the given zone, distinct record timestamps
 *       are distinct while records &lt;= 3,600,000;</li>
 *   <li>ext: j % 5 == 0 carries data, j % 5 == 1 has no ext key, the rest {@code "ext":{}};</li>
 *   <li>txt messages sometimes hold non-ASCII text, quotes and a newline (escaped, so still one line).</li>
 * </ul>
 */
final class HistoryGenerator {
    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuuMMddHH").withResolverStyle(ResolverStyle.STRICT);
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String[] CHAT_TYPES = {"chat", "groupchat", "chatroom"};

    private HistoryGenerator() {
    }

    /** Parses yyyyMMddHH strictly; null if it is not one. */
    static LocalDateTime parseHour(String hour) {
        if (hour == null || hour.length() != 10) {
            return null;
        }
        try {
            return LocalDateTime.parse(hour + "00", DateTimeFormatter.ofPattern("uuuuMMddHHmm")
                    .withResolverStyle(ResolverStyle.STRICT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String requireHour(String hour) {
        if (parseHour(hour) == null) {
            throw new IllegalArgumentException("hour must be yyyyMMddHH: " + hour);
        }
        return hour;
    }

    static long hourStartMillis(String hour, ZoneId zone) {
        return parseHour(requireHour(hour)).atZone(zone).toInstant().toEpochMilli();
    }

    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private record Rec(int j, String chatType, String msgId, long timestamp, String from, String to) {}

    static void write(Path file, String org, String app, String hour, ZoneId zone, int records, long seed)
            throws IOException {
        if (records < 0) {
            throw new IllegalArgumentException("records must be >= 0");
        }
        long start = hourStartMillis(hour, zone);
        Random rnd = new Random(seed);
        int users = clamp(records / 200, 4, 2000);
        int groups = clamp(records / 2000, 2, 200);
        int rooms = clamp(records / 5000, 1, 20);
        double step = records == 0 ? 0 : 3_600_000.0 / records;
        String fileBase = "https://a1.easemob.com/" + org + "/" + app + "/chatfiles/";

        try (OutputStream raw = Files.newOutputStream(file);
             FastGzip gz = new FastGzip(raw);
             BufferedOutputStream out = new BufferedOutputStream(gz, 1 << 16);
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(null);
            Rec held = null;
            Rec last = null;
            int j = 0;
            for (int i = 0; i < records; i++) {
                Rec r;
                if (i % 1000 == 7 && last != null && held == null) {
                    r = last; // duplicate line
                } else if (held != null) {
                    r = held;
                    held = null;
                } else {
                    r = make(j++, start, step, rnd, users, groups, rooms);
                    // swapped pair: the held record fills line i + 1, which must not be a duplicate slot
                    if (i + 1 < records && (i + 1) % 1000 != 7 && rnd.nextDouble() < 0.03) {
                        held = r;
                        r = make(j++, start, step, rnd, users, groups, rooms);
                    }
                }
                writeRecord(g, r, new Random(seed * 31 + r.j), fileBase);
                g.writeRaw('\n');
                last = r;
            }
        }
    }

    private static Rec make(int j, long start, double step, Random rnd, int users, int groups, int rooms) {
        int chat = (j / 9) % 3;
        long ts = start + (long) Math.floor(j * step) + (step >= 2 ? rnd.nextInt((int) Math.floor(step)) : 0);
        String from;
        String to;
        if (chat == 0) {
            int pairs = users / 2;
            int p = rnd.nextInt(pairs);
            String a = user(2 * p);
            String b = user(2 * p + 1);
            boolean flip = rnd.nextBoolean();
            from = flip ? b : a;
            to = flip ? a : b;
        } else if (chat == 1) {
            from = user(rnd.nextInt(users));
            to = Long.toString(1123376564000L + rnd.nextInt(groups));
        } else {
            from = user(rnd.nextInt(users));
            to = Long.toString(2123376564000L + rnd.nextInt(rooms));
        }
        String msgId = Long.toString(1_000_000_000_000_000_000L + start * 4096 + j);
        return new Rec(j, CHAT_TYPES[chat], msgId, ts, from, to);
    }

    private static String user(int i) {
        return "user" + (i + 1);
    }

    private static void writeRecord(JsonGenerator g, Rec r, Random c, String fileBase) throws IOException {
        int j = r.j;
        g.writeStartObject();
        g.writeStringField("chat_type", r.chatType);
        g.writeStringField("msg_id", r.msgId);
        g.writeNumberField("timestamp", r.timestamp);
        g.writeStringField("direction", "outgoing");
        g.writeStringField("from", r.from);
        g.writeStringField("to", r.to);
        g.writeObjectFieldStart("payload");
        g.writeArrayFieldStart("bodies");
        writeBody(g, j, c, fileBase);
        g.writeEndArray();
        if (j % 5 == 0) {
            g.writeObjectFieldStart("ext");
            g.writeStringField("em_source", "sandbox");
            g.writeNumberField("seq", j);
            g.writeArrayFieldStart("tags");
            g.writeString("a");
            g.writeString("b");
            g.writeEndArray();
            g.writeObjectFieldStart("nested");
            g.writeStringField("k", "v" + (j % 7));
            g.writeEndObject();
            g.writeEndObject();
        } else if (j % 5 != 1) {
            g.writeObjectFieldStart("ext");
            g.writeEndObject();
        }
        g.writeStringField("from", r.from);
        g.writeStringField("to", r.to);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeBody(JsonGenerator g, int j, Random c, String fileBase) throws IOException {
        g.writeStartObject();
        switch (j % 9) {
            case 0 -> {
                String msg = "message " + j;
                if (j % 7 == 3) {
                    msg += " 你好，世界 👋";
                }
                if (j % 11 == 5) {
                    msg += " with \"quotes\", a back\\slash and a\nnewline";
                }
                g.writeStringField("msg", msg);
                g.writeStringField("type", "txt");
            }
            case 1 -> {
                g.writeNumberField("file_length", 1000 + c.nextInt(500_000));
                g.writeStringField("filename", "image_" + j + ".jpg");
                g.writeStringField("secret", secret(c));
                g.writeObjectFieldStart("size");
                g.writeNumberField("height", 100 + c.nextInt(2000));
                g.writeNumberField("width", 100 + c.nextInt(2000));
                g.writeEndObject();
                g.writeStringField("type", "img");
                g.writeStringField("url", fileBase + uuid(c));
            }
            case 2 -> {
                g.writeNumberField("file_length", 1000 + c.nextInt(100_000));
                g.writeStringField("filename", "audio_" + j + ".amr");
                g.writeNumberField("length", 1 + c.nextInt(60));
                g.writeStringField("secret", secret(c));
                g.writeStringField("type", "audio");
                g.writeStringField("url", fileBase + uuid(c));
            }
            case 3 -> {
                g.writeNumberField("file_length", 10_000 + c.nextInt(5_000_000));
                g.writeStringField("filename", "video_" + j + ".mp4");
                g.writeNumberField("length", 1 + c.nextInt(120));
                g.writeStringField("secret", secret(c));
                g.writeObjectFieldStart("size");
                g.writeNumberField("height", 480);
                g.writeNumberField("width", 360);
                g.writeEndObject();
                g.writeStringField("thumb", fileBase + uuid(c));
                g.writeStringField("thumb_secret", secret(c));
                g.writeStringField("type", "video");
                g.writeStringField("url", fileBase + uuid(c));
            }
            case 4 -> {
                g.writeNumberField("file_length", 100 + c.nextInt(1_000_000));
                g.writeStringField("filename", "document_" + j + ".pdf");
                g.writeStringField("secret", secret(c));
                g.writeStringField("type", "file");
                g.writeStringField("url", fileBase + uuid(c));
            }
            case 5 -> {
                g.writeStringField("addr", "Xibianmen Bridge, Xicheng District #" + j);
                g.writeNumberField("lat", Math.round((39.9 + c.nextDouble() / 10) * 1e5) / 1e5);
                g.writeNumberField("lng", Math.round((116.3 + c.nextDouble() / 10) * 1e5) / 1e5);
                g.writeStringField("type", "loc");
            }
            case 6 -> {
                g.writeStringField("action", "action_" + (j % 4));
                g.writeStringField("type", "cmd");
            }
            case 7 -> {
                g.writeStringField("customEvent", "gift_sent");
                g.writeArrayFieldStart("customExts");
                g.writeStartObject();
                g.writeStringField("giftId", "g" + (j % 13));
                g.writeEndObject();
                g.writeStartObject();
                g.writeStringField("count", Integer.toString(1 + j % 5));
                g.writeEndObject();
                g.writeEndArray();
                g.writeStringField("type", "custom");
            }
            default -> {
                g.writeStringField("customEvent", "order.paid/v2");
                if (j % 18 == 17) { // both forms, as the docs allow ("and/or")
                    g.writeArrayFieldStart("customExts");
                    g.writeStartObject();
                    g.writeStringField("legacy", "yes");
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeObjectFieldStart("v2:customExts");
                g.writeStringField("orderId", "o-" + j);
                g.writeStringField("amount", (1 + j % 100) + ".90");
                g.writeEndObject();
                g.writeStringField("type", "custom");
            }
        }
        g.writeEndObject();
    }

    private static String uuid(Random c) {
        return new UUID(c.nextLong(), c.nextLong()).toString();
    }

    private static String secret(Random c) {
        byte[] b = new byte[36];
        c.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b).substring(0, 48);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
