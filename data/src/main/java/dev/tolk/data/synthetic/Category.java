package dev.tolk.data.synthetic;

/** Semantic class of a noun, used to keep generated sentences plausible. */
enum Category {
    /** People: subjects, objects of seeing and liking, companions. */
    PERSON,
    /** Animals: subjects, objects of seeing and liking, companions. */
    ANIMAL,
    /** Small things one can carry. */
    OBJECT,
    /** Large things: furniture, vehicles, trees, doors. */
    FIXED,
    /** Rooms and places. */
    PLACE
}
