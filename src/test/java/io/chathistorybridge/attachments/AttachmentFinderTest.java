package io.chathistorybridge.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chathistorybridge.store.AttachmentCopies;
import org.junit.jupiter.api.Test;

class AttachmentFinderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final AttachmentFinder finder = new AttachmentFinder("src-org", "src-app");

    static ObjectNode request(String type, String body) throws Exception {
        return (ObjectNode) JSON.readTree("{\"from\":\"a\",\"target\":\"b\",\"type\":\"" + type + "\",\"body\":" + body + "}");
    }

    @Test
    void findsTheUrlOfEveryMediaTypeOnAnyHost() throws Exception {
        for (String type : List.of("img", "audio", "video", "file")) {
            for (String host : List.of("https://a1.easemob.com", "https://a1-hsb.easemob.com", "http://s1.easecdn.com",
                    "https://a41.chat.agora.io")) {
                List<Attachment> found = finder.find(request(type, "{\"url\":\"" + host
                        + "/src-org/src-app/chatfiles/u-1\",\"secret\":\"s1\",\"filename\":\"n.bin\"}"));
                assertEquals(1, found.size(), type + " on " + host);
                Attachment a = found.get(0);
                assertEquals("url", a.urlField());
                assertEquals("secret", a.secretField());
                assertEquals("u-1", a.uuid());
                assertEquals("s1", a.secret());
                assertEquals("n.bin", a.filename());
                assertTrue(a.restricted());
            }
        }
    }

    @Test
    void aVideoThumbAndACombinedMessageCount() throws Exception {
        List<Attachment> video = finder.find(request("video", "{\"url\":\"https://h/src-org/src-app/chatfiles/v\","
                + "\"thumb\":\"https://h/src-org/src-app/chatfiles/t\",\"thumb_secret\":\"ts\"}"));
        assertEquals(2, video.size());
        assertEquals("thumb", video.get(1).urlField());
        assertEquals("thumb_secret", video.get(1).secretField());
        assertEquals("ts", video.get(1).secret());
        assertEquals("t", video.get(1).filename(), "no filename: the uuid");
        assertFalse(video.get(0).restricted(), "no secret: unrestricted");

        List<Attachment> framed = finder.find(request("video", "{\"url\":\"https://h/src-org/src-app/chatfiles/v\","
                + "\"thumb\":\"https://h/src-org/src-app/chatfiles/v?vframe=true\"}"));
        assertEquals("v", framed.get(1).uuid());
        assertEquals("?vframe=true", framed.get(1).query());

        assertEquals(1, finder.find(request("txt", "{\"subType\":\"sub_combine\",\"msg\":\"m\","
                + "\"url\":\"https://h/src-org/src-app/chatfiles/c\"}")).size());
        assertEquals(0, finder.find(request("txt", "{\"msg\":\"https://h/src-org/src-app/chatfiles/c\","
                + "\"url\":\"https://h/src-org/src-app/chatfiles/c\"}")).size(), "a plain txt has no attachment");
        assertEquals(0, finder.find(request("img", "{\"url\":\"https://h/src-org/src-app/chatfiles/i\","
                + "\"thumb\":\"https://h/src-org/src-app/chatfiles/j\"}")).size() - 1, "an img's thumb is not copied");
    }

    @Test
    void otherUrlsAreLeftAlone() throws Exception {
        for (String url : List.of("https://cdn.example.com/pic.jpg", "https://h/other-org/src-app/chatfiles/u",
                "https://h/src-org/other-app/chatfiles/u", "https://h/src-org/src-app/files/u",
                "https://h/x/src-org/src-app/chatfiles/u", "https://h/src-org/src-app/chatfiles/", "ftp://h/src-org/src-app/chatfiles/u",
                "")) {
            assertEquals(List.of(), finder.find(request("img", "{\"url\":\"" + url + "\"}")), url);
        }
        assertEquals(List.of(), new AttachmentFinder("", "").find(request("img",
                "{\"url\":\"https://h//chatfiles/u\"}")), "no source app: nothing to copy");
        assertEquals(List.of(), finder.find(request("loc", "{\"lat\":1,\"lng\":2,\"addr\":\"x\"}")));
    }

    @Test
    void rewriteChangesOnlyUrlAndSecret() throws Exception {
        ObjectNode r = request("video", "{\"url\":\"https://h/src-org/src-app/chatfiles/v\",\"secret\":\"old\","
                + "\"thumb\":\"https://h/src-org/src-app/chatfiles/v?vframe=true\",\"thumb_secret\":\"old\","
                + "\"length\":3,\"file_length\":10,\"size\":{\"width\":1,\"height\":2},\"filename\":\"m.mp4\"}");
        ObjectNode before = r.deepCopy();
        List<Attachment> found = finder.find(r);
        AttachmentCopies.Copy copy = new AttachmentCopies.Copy("https://t/o/a/chatfiles/new", "new-secret");
        found.forEach(a -> AttachmentFinder.rewrite(r, a, copy));
        assertEquals("https://t/o/a/chatfiles/new", r.path("body").path("url").asText());
        assertEquals("https://t/o/a/chatfiles/new?vframe=true", r.path("body").path("thumb").asText());
        assertEquals("new-secret", r.path("body").path("secret").asText());
        assertEquals("new-secret", r.path("body").path("thumb_secret").asText());
        for (String kept : List.of("length", "file_length", "size", "filename")) {
            assertEquals(before.path("body").get(kept), r.path("body").get(kept), kept);
        }
        assertEquals(before.size(), r.size());
        ObjectNode open = request("img", "{\"url\":\"https://h/src-org/src-app/chatfiles/i\",\"secret\":\"\"}");
        AttachmentFinder.rewrite(open, finder.find(open).get(0), new AttachmentCopies.Copy("https://t/x", null));
        assertEquals("", open.path("body").path("secret").asText(), "unrestricted copy: the secret field as it was");
    }

    @Test
    void noSecretInToString() throws Exception {
        Attachment a = finder.find(request("img", "{\"url\":\"https://h/src-org/src-app/chatfiles/i\",\"secret\":\"S3CRET\"}")).get(0);
        assertFalse(a.toString().contains("S3CRET"));
        assertFalse(new AttachmentCopies.Copy("u", "S3CRET").toString().contains("S3CRET"));
    }

    @Test
    void modeFromBothKeys() {
        assertEquals(AttachmentMode.COPY, AttachmentMode.resolve("copy", ""));
        assertEquals(AttachmentMode.LINK, AttachmentMode.resolve(" Link ", null));
        assertEquals(AttachmentMode.SERVER, AttachmentMode.resolve("copy", "true"), "the old key still decides");
        assertEquals(AttachmentMode.LINK, AttachmentMode.resolve("copy", "false"));
        assertTrue(AttachmentMode.SERVER.needDownload());
        assertFalse(AttachmentMode.COPY.needDownload());
        assertNull(AttachmentMode.deprecation("", AttachmentMode.COPY));
        assertTrue(AttachmentMode.deprecation("true", AttachmentMode.SERVER).contains("bridge.import.attachments=server"));
        assertThrows(IllegalArgumentException.class, () -> AttachmentMode.parse("mirror"));
    }
}
