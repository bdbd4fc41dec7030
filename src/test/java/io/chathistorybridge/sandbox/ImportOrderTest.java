package io.chathistorybridge.sandbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImportOrderTest extends SandboxTestSupport {
    String t;

    @BeforeEach
    void token0() throws Exception {
        t = token();
    }

    private int users(String from, String to, long ts) throws Exception {
        return postJson(usersImport(), txt(from, to, ts).toString(), t).statusCode();
    }

    private int groups(String from, String group, long ts) throws Exception {
        return postJson(groupsImport(), txt(from, group, ts).toString(), t).statusCode();
    }

    @Test
    void earlierTimestampInSameConversationIsRejectedAndCounted() throws Exception {
        assertEquals(200, users("a", "b", 5000));
        assertError(postJson(usersImport(), txt("a", "b", 4000).toString(), t), 400, "illegal_argument",
                "must be greater than the last imported message");
        assertEquals(1, app.orderViolations());
        assertEquals(1, app.endpoint(SandboxApp.USERS_IMPORT).orderViolations());
        assertEquals(1, app.imports().size());
    }

    @Test
    void equalTimestampIsRejected() throws Exception {
        assertEquals(200, users("a", "b", 5000));
        assertEquals(400, users("a", "b", 5000));
        assertEquals(200, users("a", "b", 5001));
    }

    @Test
    void reversedPairIsTheSameConversation() throws Exception {
        assertEquals(200, users("a", "b", 5000));
        assertEquals(400, users("b", "a", 4999));
        assertEquals(200, users("b", "a", 5001));
    }

    @Test
    void differentConversationsAreIndependent() throws Exception {
        assertEquals(200, users("a", "b", 5000));
        assertEquals(200, users("a", "c", 1000)); // other pair
        assertEquals(200, groups("a", "g1", 1000)); // group conversation
        assertEquals(200, groups("a", "g2", 1000));
        assertEquals(400, groups("b", "g1", 1000)); // same group, any sender
        assertEquals(0, app.endpoint(SandboxApp.USERS_IMPORT).orderViolations());
        assertEquals(1, app.endpoint(SandboxApp.GROUPS_IMPORT).orderViolations());
    }

    @Test
    void requiredGroupsMustExist() throws Exception {
        app.requireGroups(true);
        assertError(postJson(groupsImport(), txt("a", "g1", 5000).toString(), t), 404, "service_resource_not_found", "g1");
    }

    @Test
    void requiredGroupRejectsMessagesBeforeItsCreation() throws Exception {
        app.requireGroups(true).createGroup("g1", 5000);
        assertError(postJson(groupsImport(), txt("a", "g1", 4000).toString(), t), 400, "illegal_argument", "creation");
        assertEquals(200, groups("a", "g1", 6000));
    }
}
