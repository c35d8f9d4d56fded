package dev.tolk.data.synthetic;

/** Grammatical gender: French uses masculine and feminine, German all three. */
enum Gender {
    MASCULINE,
    FEMININE,
    NEUTER
}
