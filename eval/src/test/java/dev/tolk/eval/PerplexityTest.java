package dev.tolk.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PerplexityTest {
    @Test
    void perplexityIsExpOfTheMeanNll() {
        Perplexity p = Perplexity.of(10 * Math.log(4), 10);
        assertEquals(4.0, p.value(), 1e-12);
        assertEquals(Math.log(4), p.nllPerToken(), 1e-15);
        assertEquals(2.0, p.bitsPerToken(), 1e-12);
        assertEquals(1.0, Perplexity.of(0, 3).value());
    }

    @Test
    void combiningAddsSumsAndCounts() {
        Perplexity a = Perplexity.of(2.0, 1);
        Perplexity b = Perplexity.of(4.0, 3);
        assertEquals(Perplexity.of(6.0, 4), a.plus(b));
        assertEquals(Math.exp(1.5), a.plus(b).value(), 1e-12);
    }

    @Test
    void invalidInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(-1, 5));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> Perplexity.of(1, 0));
    }
}
