package dev.tolk.seq2seq.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds one configuration section to its record: keys are the record components in snake_case, values are
 * converted with type checking, and the record's canonical constructor validates the result.
 *
 * @param <R> the section record type
 */
final class SectionBinder<R extends Record> {
    private final String section;
    private final R defaults;
    private final RecordComponent[] components;
    private final List<String> keys;
    private final Constructor<R> constructor;

    SectionBinder(String section, Class<R> type, R defaults) {
        this.section = section;
        this.defaults = defaults;
        this.components = type.getRecordComponents();
        this.keys = Arrays.stream(components).map(c -> snakeCase(c.getName())).toList();
        try {
            this.constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
    }

    static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    String section() {
        return section;
    }

    R defaults() {
        return defaults;
    }

    /** @return the keys of this section in declaration order */
    List<String> keys() {
        return keys;
    }

    /** @return the message for an unknown key, listing the valid ones */
    String unknownKeyMessage(String key) {
        return "unknown key '" + section + "." + key + "' (valid keys in '" + section + "': " + String.join(", ", keys)
                + ")";
    }

    /**
     * @param base the values for keys not in {@code values}
     * @param values key (snake_case, known) to raw value
     * @return a validated record
     * @throws ConfigException on a type error or an invalid value, located when the value came from a file
     */
    R bind(R base, Map<String, RawValue> values) {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = get(base, i);
        }
        for (Map.Entry<String, RawValue> e : values.entrySet()) {
            int i = keys.indexOf(e.getKey());
            if (i < 0) {
                throw new ConfigException(section + "." + e.getKey(), unknownKeyMessage(e.getKey()))
                        .at(e.getValue().location());
            }
            try {
                args[i] = convert(
                        section + "." + e.getKey(),
                        components[i].getType(),
                        e.getValue().text());
            } catch (ConfigException ex) {
                throw ex.at(e.getValue().location());
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException ce) {
                String key = ce.key();
                String local =
                        key != null && key.startsWith(section + ".") ? key.substring(section.length() + 1) : null;
                RawValue raw = local == null ? null : values.get(local);
                throw ce.at(raw == null ? null : raw.location());
            }
            throw new IllegalStateException("constructing the '" + section + "' section failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct the '" + section + "' section", e);
        }
    }

    /** @return the section as JSON: keys in declaration order, enums in their configuration spelling */
    ObjectNode toJson(R value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < components.length; i++) {
            Object v = get(value, i);
            String key = keys.get(i);
            if (v == null) {
                node.putNull(key);
            } else if (v instanceof Integer x) {
                node.put(key, x);
            } else if (v instanceof Long x) {
                node.put(key, x);
            } else if (v instanceof Double x) {
                node.put(key, x);
            } else if (v instanceof Boolean x) {
                node.put(key, x);
            } else if (v instanceof Enum<?> x) {
                node.put(key, x.name().toLowerCase(Locale.ROOT));
            } else {
                node.put(key, v.toString());
            }
        }
        return node;
    }

    /** @return the component values of {@code a} and {@code b} that differ, as "section.key: a -> b" */
    List<String> differences(R a, R b) {
        List<String> out = new ArrayList<>();
        ObjectNode ja = toJson(a);
        ObjectNode jb = toJson(b);
        for (String key : keys) {
            if (!ja.get(key).equals(jb.get(key))) {
                out.add(section + "." + key + ": " + ja.get(key) + " -> " + jb.get(key));
            }
        }
        return out;
    }

    private Object get(R record, int i) {
        try {
            return components[i].getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + section + "." + keys.get(i), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object convert(String key, Class<?> type, String text) {
        if (text == null) {
            if (type == String.class) {
                return null;
            }
            throw new ConfigException(key, "'" + key + "' needs a value, got null");
        }
        String t = text.trim();
        try {
            if (type == int.class) {
                return Integer.parseInt(t);
            } else if (type == long.class) {
                return Long.parseLong(t);
            } else if (type == double.class) {
                double d = Double.parseDouble(t);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
        } catch (NumberFormatException e) {
            String kind = type == double.class ? "a finite number" : "an integer";
            throw new ConfigException(key, "'" + key + "' expects " + kind + ", got '" + text + "'");
        }
        if (type == boolean.class) {
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
            throw new ConfigException(key, "'" + key + "' expects true or false, got '" + text + "'");
        }
        if (type.isEnum()) {
            for (Object c : type.getEnumConstants()) {
                if (((Enum) c).name().equalsIgnoreCase(t)) {
                    return c;
                }
            }
            throw new ConfigException(
                    key,
                    "'" + key + "' must be one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(c -> ((Enum) c).name().toLowerCase(Locale.ROOT))
                                    .collect(Collectors.joining(", "))
                            + ", got '" + text + "'");
        }
        if (type == String.class) {
            return text;
        }
        throw new IllegalStateException("unsupported configuration type " + type + " for " + key);
    }
}
