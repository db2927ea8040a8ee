package dev.keyward.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.apache.commons.io.output.AppendableWriter;

/**
 * Writes a report's tree with its one large array streamed: a tree of every finding, written out as one string,
 * took more than the launcher's 300 MiB heap for the 117,000 findings of a 60 MB log of presigned URLs.
 */
final class JsonStreams {

    /** Writes the elements of the array being streamed. */
    @FunctionalInterface
    interface Elements {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonStreams() {
    }

    /**
     * Writes {@code tree} to {@code out} as {@code mapper} would, and a newline, except that the elements of
     * {@code hole} (an empty array in the tree, found by identity) are written by {@code elements}.
     */
    static void write(ObjectMapper mapper, JsonNode tree, JsonNode hole, Elements elements, Appendable out)
            throws IOException {
        JsonGenerator g = mapper.writer().createGenerator(new AppendableWriter<>(out));
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        node(mapper, g, tree, hole, elements);
        g.flush();
        out.append('\n');
    }

    private static void node(ObjectMapper mapper, JsonGenerator g, JsonNode n, JsonNode hole, Elements elements)
            throws IOException {
        if (n == hole) {
            g.writeStartArray();
            elements.write(g);
            g.writeEndArray();
        } else if (n.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> field : n.properties()) {
                g.writeFieldName(field.getKey());
                node(mapper, g, field.getValue(), hole, elements);
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) {
                node(mapper, g, e, hole, elements);
            }
            g.writeEndArray();
        } else {
            mapper.writeTree(g, n);
        }
    }
}
