package dev.tolk.data.synthetic;

import static dev.tolk.data.synthetic.Category.ANIMAL;
import static dev.tolk.data.synthetic.Category.FIXED;
import static dev.tolk.data.synthetic.Category.OBJECT;
import static dev.tolk.data.synthetic.Category.PERSON;
import static dev.tolk.data.synthetic.Category.PLACE;
import static dev.tolk.data.synthetic.Gender.FEMININE;
import static dev.tolk.data.synthetic.Gender.MASCULINE;
import static dev.tolk.data.synthetic.Gender.NEUTER;

import java.util.List;
import java.util.Set;

/** The words of the synthetic grammar, written by hand for this project (no third-party text). */
final class Lexicon {
    private Lexicon() {}

    static final List<Noun> NOUNS = List.of(
            new Noun("cat", "cats", "chat", "chats", MASCULINE, "Katze", "Katzen", "Katzen", FEMININE, ANIMAL),
            new Noun("dog", "dogs", "chien", "chiens", MASCULINE, "Hund", "Hunde", "Hunden", MASCULINE, ANIMAL),
            new Noun("bird", "birds", "oiseau", "oiseaux", MASCULINE, "Vogel", "Vögel", "Vögeln", MASCULINE, ANIMAL),
            new Noun("horse", "horses", "cheval", "chevaux", MASCULINE, "Pferd", "Pferde", "Pferden", NEUTER, ANIMAL),
            new Noun("mouse", "mice", "souris", "souris", FEMININE, "Maus", "Mäuse", "Mäusen", FEMININE, ANIMAL),
            new Noun("child", "children", "enfant", "enfants", MASCULINE, "Kind", "Kinder", "Kindern", NEUTER, PERSON),
            new Noun("man", "men", "homme", "hommes", MASCULINE, "Mann", "Männer", "Männern", MASCULINE, PERSON),
            new Noun("woman", "women", "femme", "femmes", FEMININE, "Frau", "Frauen", "Frauen", FEMININE, PERSON),
            new Noun("girl", "girls", "fille", "filles", FEMININE, "Mädchen", "Mädchen", "Mädchen", NEUTER, PERSON),
            new Noun("friend", "friends", "ami", "amis", MASCULINE, "Freund", "Freunde", "Freunden", MASCULINE, PERSON),
            new Noun("apple", "apples", "pomme", "pommes", FEMININE, "Apfel", "Äpfel", "Äpfeln", MASCULINE, OBJECT),
            new Noun("cake", "cakes", "gâteau", "gâteaux", MASCULINE, "Kuchen", "Kuchen", "Kuchen", MASCULINE, OBJECT),
            new Noun("book", "books", "livre", "livres", MASCULINE, "Buch", "Bücher", "Büchern", NEUTER, OBJECT),
            new Noun(
                    "letter", "letters", "lettre", "lettres", FEMININE, "Brief", "Briefe", "Briefen", MASCULINE,
                    OBJECT),
            new Noun("flower", "flowers", "fleur", "fleurs", FEMININE, "Blume", "Blumen", "Blumen", FEMININE, OBJECT),
            new Noun("ball", "balls", "ballon", "ballons", MASCULINE, "Ball", "Bälle", "Bällen", MASCULINE, OBJECT),
            new Noun("key", "keys", "clé", "clés", FEMININE, "Schlüssel", "Schlüssel", "Schlüsseln", MASCULINE, OBJECT),
            new Noun(
                    "bottle",
                    "bottles",
                    "bouteille",
                    "bouteilles",
                    FEMININE,
                    "Flasche",
                    "Flaschen",
                    "Flaschen",
                    FEMININE,
                    OBJECT),
            new Noun("box", "boxes", "boîte", "boîtes", FEMININE, "Kiste", "Kisten", "Kisten", FEMININE, OBJECT),
            new Noun("car", "cars", "voiture", "voitures", FEMININE, "Auto", "Autos", "Autos", NEUTER, FIXED),
            new Noun("table", "tables", "table", "tables", FEMININE, "Tisch", "Tische", "Tischen", MASCULINE, FIXED),
            new Noun("tree", "trees", "arbre", "arbres", MASCULINE, "Baum", "Bäume", "Bäumen", MASCULINE, FIXED),
            new Noun("door", "doors", "porte", "portes", FEMININE, "Tür", "Türen", "Türen", FEMININE, FIXED),
            new Noun(
                    "window",
                    "windows",
                    "fenêtre",
                    "fenêtres",
                    FEMININE,
                    "Fenster",
                    "Fenster",
                    "Fenstern",
                    NEUTER,
                    FIXED),
            new Noun("house", "houses", "maison", "maisons", FEMININE, "Haus", "Häuser", "Häusern", NEUTER, PLACE),
            new Noun(
                    "garden", "gardens", "jardin", "jardins", MASCULINE, "Garten", "Gärten", "Gärten", MASCULINE,
                    PLACE));

    private static final Set<Category> ANY = Set.of(PERSON, ANIMAL, OBJECT, FIXED, PLACE);
    private static final Set<Category> LIVING = Set.of(PERSON, ANIMAL);
    private static final Set<Category> NOT_PEOPLE = Set.of(ANIMAL, OBJECT, FIXED, PLACE);
    private static final Set<Category> THINGS = Set.of(OBJECT, FIXED, PLACE);

    static final List<Adjective> ADJECTIVES = List.of(
            new Adjective("small", new String[] {"petit", "petite", "petits", "petites"}, true, "klein", ANY),
            new Adjective("big", new String[] {"grand", "grande", "grands", "grandes"}, true, "groß", ANY),
            new Adjective("young", new String[] {"jeune", "jeune", "jeunes", "jeunes"}, true, "jung", LIVING),
            new Adjective("red", new String[] {"rouge", "rouge", "rouges", "rouges"}, false, "rot", THINGS),
            new Adjective("black", new String[] {"noir", "noire", "noirs", "noires"}, false, "schwarz", NOT_PEOPLE),
            new Adjective("white", new String[] {"blanc", "blanche", "blancs", "blanches"}, false, "weiß", NOT_PEOPLE),
            new Adjective("green", new String[] {"vert", "verte", "verts", "vertes"}, false, "grün", THINGS),
            new Adjective("blue", new String[] {"bleu", "bleue", "bleus", "bleues"}, false, "blau", THINGS),
            new Adjective(
                    "happy", new String[] {"content", "contente", "contents", "contentes"}, false, "glücklich", LIVING),
            new Adjective("heavy", new String[] {"lourd", "lourde", "lourds", "lourdes"}, false, "schwer", THINGS));

    static final List<Verb> VERBS = List.of(
            new Verb(
                    "see",
                    "sees",
                    "saw",
                    new String[] {"vois", "vois", "voit", "voyons", "voyez", "voient"},
                    "vu",
                    "verr",
                    new String[] {"sehe", "siehst", "sieht", "sehen", "seht", "sehen"},
                    "gesehen",
                    false,
                    "sehen",
                    ANY,
                    Set.of()),
            new Verb(
                    "eat",
                    "eats",
                    "ate",
                    new String[] {"mange", "manges", "mange", "mangeons", "mangez", "mangent"},
                    "mangé",
                    "manger",
                    new String[] {"esse", "isst", "isst", "essen", "esst", "essen"},
                    "gegessen",
                    false,
                    "essen",
                    Set.of(),
                    Set.of("apple", "cake")),
            new Verb(
                    "find",
                    "finds",
                    "found",
                    new String[] {"trouve", "trouves", "trouve", "trouvons", "trouvez", "trouvent"},
                    "trouvé",
                    "trouver",
                    new String[] {"finde", "findest", "findet", "finden", "findet", "finden"},
                    "gefunden",
                    false,
                    "finden",
                    Set.of(PERSON, ANIMAL, OBJECT),
                    Set.of()),
            new Verb(
                    "like",
                    "likes",
                    "liked",
                    new String[] {"aime", "aimes", "aime", "aimons", "aimez", "aiment"},
                    "aimé",
                    "aimer",
                    new String[] {"mag", "magst", "mag", "mögen", "mögt", "mögen"},
                    "gemocht",
                    false,
                    "mögen",
                    ANY,
                    Set.of()),
            new Verb(
                    "carry",
                    "carries",
                    "carried",
                    new String[] {"porte", "portes", "porte", "portons", "portez", "portent"},
                    "porté",
                    "porter",
                    new String[] {"trage", "trägst", "trägt", "tragen", "tragt", "tragen"},
                    "getragen",
                    false,
                    "tragen",
                    Set.of(OBJECT),
                    Set.of()),
            new Verb(
                    "open",
                    "opens",
                    "opened",
                    new String[] {"ouvre", "ouvres", "ouvre", "ouvrons", "ouvrez", "ouvrent"},
                    "ouvert",
                    "ouvrir",
                    new String[] {"öffne", "öffnest", "öffnet", "öffnen", "öffnet", "öffnen"},
                    "geöffnet",
                    false,
                    "öffnen",
                    Set.of(),
                    Set.of("box", "door", "window", "bottle", "book", "letter", "car")),
            new Verb(
                    "sleep",
                    "sleeps",
                    "slept",
                    new String[] {"dors", "dors", "dort", "dormons", "dormez", "dorment"},
                    "dormi",
                    "dormir",
                    new String[] {"schlafe", "schläfst", "schläft", "schlafen", "schlaft", "schlafen"},
                    "geschlafen",
                    false,
                    "schlafen",
                    Set.of(),
                    Set.of()),
            new Verb(
                    "run",
                    "runs",
                    "ran",
                    new String[] {"cours", "cours", "court", "courons", "courez", "courent"},
                    "couru",
                    "courr",
                    new String[] {"laufe", "läufst", "läuft", "laufen", "lauft", "laufen"},
                    "gelaufen",
                    true,
                    "laufen",
                    Set.of(),
                    Set.of()),
            new Verb(
                    "sing",
                    "sings",
                    "sang",
                    new String[] {"chante", "chantes", "chante", "chantons", "chantez", "chantent"},
                    "chanté",
                    "chanter",
                    new String[] {"singe", "singst", "singt", "singen", "singt", "singen"},
                    "gesungen",
                    false,
                    "singen",
                    Set.of(),
                    Set.of()),
            new Verb(
                    "wait",
                    "waits",
                    "waited",
                    new String[] {"attends", "attends", "attend", "attendons", "attendez", "attendent"},
                    "attendu",
                    "attendr",
                    new String[] {"warte", "wartest", "wartet", "warten", "wartet", "warten"},
                    "gewartet",
                    false,
                    "warten",
                    Set.of(),
                    Set.of()));

    static final List<Preposition> PREPOSITIONS = List.of(
            new Preposition("in", "dans", "in", Set.of(PLACE), Set.of("car", "box")),
            new Preposition("on", "sur", "auf", Set.of(), Set.of("table", "box", "car")),
            new Preposition("under", "sous", "unter", Set.of(), Set.of("table", "tree", "car")),
            new Preposition("behind", "derrière", "hinter", Set.of(), Set.of("house", "tree", "car", "door")),
            new Preposition(
                    "next to",
                    "à côté de",
                    "neben",
                    Set.of(),
                    Set.of("house", "tree", "car", "table", "window", "door")),
            new Preposition("with", "avec", "mit", Set.of(ANIMAL), Set.of()));

    /** Numbers one to twenty; index 0 unused. French and German "one" are the indefinite article. */
    static final String[] EN_NUMBERS = {
        "",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty"
    };

    static final String[] FR_NUMBERS = {
        "",
        "un",
        "deux",
        "trois",
        "quatre",
        "cinq",
        "six",
        "sept",
        "huit",
        "neuf",
        "dix",
        "onze",
        "douze",
        "treize",
        "quatorze",
        "quinze",
        "seize",
        "dix-sept",
        "dix-huit",
        "dix-neuf",
        "vingt"
    };
    static final String[] DE_NUMBERS = {
        "",
        "ein",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
        "neun",
        "zehn",
        "elf",
        "zwölf",
        "dreizehn",
        "vierzehn",
        "fünfzehn",
        "sechzehn",
        "siebzehn",
        "achtzehn",
        "neunzehn",
        "zwanzig"
    };
}
