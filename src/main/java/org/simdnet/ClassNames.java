package org.simdnet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.simdnet.nn.Mlp;

/**
 * A classifier's class names in its metadata, key {@value #KEY}, as a JSON array of strings
 * ({@code ["setosa","versicolor","virginica"]}): any names survive, commas and quotes included.
 */
final class ClassNames {

    static final String KEY = "simdnet.class_names";

    private ClassNames() {
    }

    static void store(Mlp mlp, List<String> names) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"");
            for (char c : names.get(i).toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        }
        mlp.putMetadata(KEY, b.append(']').toString());
    }

    /** The names, or an empty list when the model has none. */
    static List<String> of(Mlp mlp) {
        String text = mlp.metadata().get(KEY);
        if (text == null) {
            return Collections.emptyList();
        }
        List<String> names = new ArrayList<>();
        int i = 0, n = text.length();
        i = skip(text, i);
        expect(text, i++, '[');
        i = skip(text, i);
        if (i < n && text.charAt(i) == ']') {
            return names;
        }
        while (true) {
            i = skip(text, i);
            expect(text, i++, '"');
            StringBuilder name = new StringBuilder();
            while (true) {
                if (i >= n) {
                    throw bad(text);
                }
                char c = text.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= n) {
                        throw bad(text);
                    }
                    char e = text.charAt(i++);
                    if (e == 'u') {
                        if (i + 4 > n) {
                            throw bad(text);
                        }
                        try {
                            name.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw bad(text);
                        }
                        i += 4;
                    } else {
                        name.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    }
                } else {
                    name.append(c);
                }
            }
            names.add(name.toString());
            i = skip(text, i);
            if (i < n && text.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(text, i, ']');
            return Collections.unmodifiableList(names);
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static void expect(String s, int i, char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw bad(s);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("the model's " + KEY + " metadata is not a JSON array of strings: " + text);
    }
}
