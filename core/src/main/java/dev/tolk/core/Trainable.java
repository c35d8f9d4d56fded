package dev.tolk.core;

import java.util.List;

/** Anything with trainable {@link Parameter}s: layers, cells, attention, whole models. */
public interface Trainable {

    /** The parameters in a fixed order (names unique within a model); the list is unmodifiable. */
    List<Parameter> parameters();
}
