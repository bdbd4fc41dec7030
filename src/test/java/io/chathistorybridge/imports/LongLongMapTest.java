package io.chathistorybridge.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LongLongMapTest {

    @Test
    void theEntryThatMakesTheMapGrowKeepsItsValue() {
        LongLongMap map = new LongLongMap(1);
        for (long k = 1; k <= 1000; k++) {
            map.put(k * 31, k + 7);
        }
        for (long k = 1; k <= 1000; k++) {
            assertEquals(k + 7, map.get(k * 31, -1), "key " + k * 31);
        }
        assertEquals(1000, map.size());
    }
}
