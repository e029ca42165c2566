package org.simdnet.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of one command: {@code --name value} or {@code --name=value}, plus
 * positional arguments. Unknown flags, missing values and values out of range are
 * {@link UsageException}s whose message names the flag.
 */
final class Flags {

    /**
     * The most {@code --threads} a command takes: 256, or four per core on machines with more
     * than 64. More threads than cores only add waiting (the results do not depend on them), and
     * each training thread holds a workspace and gradient buffers of its own.
     */
    static final int MAX_THREADS = Math.max(256, 4 * Runtime.getRuntime().availableProcessors());

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Flags() {
    }

    /**
     * @param known    flags that take a value
     * @param switches flags that take none (their value reads as "true")
     */
    static Flags parse(String[] args, Set<String> known, Set<String> switches) {
        Flags flags = new Flags();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                flags.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (known.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
            } else {
                throw new UsageException("unknown flag --" + name);
            }
            if (flags.values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return flags;
    }

    List<String> positional() {
        return positional;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException("--" + name + " must be in [" + min + ", " + max + "], got " + parsed);
        }
        return parsed;
    }

    /** {@code --threads}: 1 to {@link #MAX_THREADS}, all cores by default. */
    int threads() {
        return integer("threads", Runtime.getRuntime().availableProcessors(), 1, MAX_THREADS);
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    /** A finite number in {@code [min, max]}; {@code minExclusive} excludes min itself. */
    double number(String name, double fallback, double min, boolean minExclusive, double max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
        boolean belowMin = minExclusive ? !(parsed > min) : !(parsed >= min);
        if (Double.isNaN(parsed) || belowMin || parsed > max) {
            throw new UsageException("--" + name + " must be " + (minExclusive ? "> " : ">= ") + min
                    + (max == Double.MAX_VALUE ? "" : " and <= " + max) + ", got " + v);
        }
        return parsed;
    }

    /** One of {@code choices} (case-insensitive), returned in lower case. */
    String choice(String name, String fallback, String... choices) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(v.trim())) {
                return c;
            }
        }
        throw new UsageException("--" + name + " must be one of " + String.join(", ", choices) + ", got '" + v + "'");
    }

    /** A comma-separated list of positive integers, e.g. {@code 1024,1024}. */
    int[] integerList(String name, int[] fallback, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a comma-separated list of widths, got '" + v + "'");
            }
            if (out[i] < 1 || out[i] > max) {
                throw new UsageException("--" + name + " widths must be in [1, " + max + "], got " + out[i]);
            }
        }
        return out;
    }
}
