package io.chathistorybridge.ops;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chathistorybridge.imports.ImportRuns;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The import rate over the last 10 minutes, for the status page's sparkline: each timer tick samples the total of
 * messages imported, and the rate is the difference between samples. Holds at most 61 samples.
 */
public final class ImportRateHistory implements Processor {

    private static final int SAMPLES = 61;
    private final Deque<long[]> samples = new ArrayDeque<>(); // [epoch ms, messages imported so far]

    @Override
    public void process(Exchange exchange) {
        ImportRuns imports = exchange.getContext().getRegistry().findSingleByType(ImportRuns.class);
        if (imports != null) {
            Object imported = imports.status().get("imported");
            sample(System.currentTimeMillis(), imported instanceof Number n ? n.longValue() : 0);
        }
    }

    synchronized void sample(long epochMillis, long imported) {
        samples.addLast(new long[] {epochMillis, imported});
        while (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }

    /** Messages per second between consecutive samples, oldest first. */
    public synchronized List<Map<String, Object>> rates() {
        List<Map<String, Object>> rates = new ArrayList<>();
        long[] previous = null;
        for (long[] s : samples) {
            if (previous != null && s[0] > previous[0]) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("time", Instant.ofEpochMilli(s[0]).toString());
                r.put("perSecond", Math.round(Math.max(0, s[1] - previous[1]) * 10_000.0 / (s[0] - previous[0])) / 10.0);
                rates.add(r);
            }
            previous = s;
        }
        return rates;
    }
}
