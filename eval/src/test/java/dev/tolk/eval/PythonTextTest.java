package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PythonTextTest {

    @Test
    void whitespaceIsExactlyPythonsSet() {
        Set<Integer> python = Set.of(
                0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002,
                0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000);
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            assertEquals(python.contains(cp), PythonText.isWhitespace(cp), String.format("U+%04X", cp));
        }
    }

    @Test
    void splitAndRstripUseThatSetWhereJavaDoesNot() {
        String s = " a\u00a0b\u202fc\u2007d\u200be\u3000 ";
        assertArrayEquals(new String[] {"a", "b", "c", "d\u200be"}, PythonText.split(s), "U+200B is not whitespace");
        assertEquals(" a\u00a0b\u202fc\u2007d\u200be", PythonText.rstrip(s));
        assertEquals("x", PythonText.rstrip("x\u00a0\t\n"));
        assertEquals("", PythonText.rstrip(" \u202f"));
        assertArrayEquals(new String[0], PythonText.split(" \t "));
        assertEquals("ab", PythonText.removeWhitespace("a \u00a0b\n"));
        assertEquals("a b", PythonText.collapseWhitespace("  a \u2028 b "));
    }

    @Test
    void lowerIsLocaleIndependent() {
        assertEquals("istanbul ıi", PythonText.lower("ISTANBUL ıI"));
    }

    @Test
    void fixedPointFormattingRoundsTheExactBinaryValueHalfToEven() {
        assertEquals("0.12", PythonFloatFormat.fixed(0.125, 2));
        assertEquals("0.38", PythonFloatFormat.fixed(0.375, 2));
        assertEquals("2.67", PythonFloatFormat.fixed(2.675, 2), "2.675 is 2.67499999... in binary");
        assertEquals("100.00", PythonFloatFormat.fixed(100.00000000000004, 2));
        assertEquals("82.4", PythonFloatFormat.fixed(82.3529411764706, 1));
        assertEquals("0.943", PythonFloatFormat.fixed(0.9428731438548749, 3));
        assertEquals("-0.00", PythonFloatFormat.fixed(-0.0, 2));
        assertEquals("0.10", PythonFloatFormat.fixed(0.1, 2));
    }
}
