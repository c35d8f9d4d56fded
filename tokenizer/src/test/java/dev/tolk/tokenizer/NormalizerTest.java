package dev.tolk.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    @Test
    void nfcComposesAndNfkcFoldsCompatibilityCharacters() {
        assertEquals("\u00E9t\u00E9", Normalizer.DEFAULT.normalize("e\u0301te\u0301"));
        Normalizer nfkc = Normalizer.DEFAULT.withForm(Normalizer.Form.NFKC);
        assertEquals("fin 1 Va !", nfkc.normalize("\uFB01n \u2460 Va\u00A0!"));
        assertEquals("\uFB01n", Normalizer.DEFAULT.normalize("\uFB01n"), "NFC keeps the ligature");
        assertEquals("e\u0301", Normalizer.IDENTITY.normalize("e\u0301"));
    }

    @Test
    void lowercaseIsLocaleIndependent() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertEquals("istanbul", Normalizer.DEFAULT.withLowercase(true).normalize("ISTANBUL"));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void invisibleCharactersRemovedButJoinersKept() {
        assertEquals("coop", Normalizer.DEFAULT.normalize("co\u00ADop"));
        assertEquals("ab", Normalizer.DEFAULT.normalize("\uFEFFa\u200Bb\u2060"));
        assertEquals("a\u200Db\u200Cc", Normalizer.DEFAULT.normalize("a\u200Db\u200Cc"));
        assertEquals("co\u00ADop", new Normalizer(Normalizer.Form.NFC, false, false).normalize("co\u00ADop"));
        String ascii = "plain text";
        assertSame(ascii, Normalizer.DEFAULT.normalize(ascii), "no copy when nothing changes");
    }

    @Test
    void whitespaceDefinitionMatchesUnicodeWhiteSpace() {
        for (int cp : new int[] {
            0x20, 0x09, 0x0A, 0x0D, 0x85, 0xA0, 0x1680, 0x2000, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000
        }) {
            assertTrue(Whitespace.isWhitespace(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {'a', 0x1C, 0x200B, 0xAD, 0xFEFF, 0x200D, 0x2581}) {
            assertFalse(Whitespace.isWhitespace(cp), Integer.toHexString(cp));
        }
        // Java's own definitions miss two French spaces; this is why the class exists
        assertFalse(Character.isWhitespace(0xA0) || Character.isWhitespace(0x202F));
    }
}
