package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScratchTensorTest {

    @Test
    void viewsHaveTheRequestedShapeAndShareStorageUntilALargerOneIsAsked() {
        ScratchTensor s = new ScratchTensor();
        assertEquals(0, s.capacity());
        Tensor a = s.shaped(4, 5);
        assertArrayEquals(new int[] {4, 5}, a.shape());
        assertEquals(20, s.capacity());
        a.set(0, 1, 7f);
        Tensor b = s.shaped(2, 3, 3);
        assertArrayEquals(new int[] {2, 3, 3}, b.shape());
        assertEquals(20, s.capacity(), "a smaller shape reuses the storage");
        assertSame(a.storage(), b.storage());
        assertEquals(7f, b.get(1), 0f, "contents are kept, not cleared");
        Tensor c = s.shaped(3, 10);
        assertEquals(30, s.capacity(), "a larger shape grows it");
        assertEquals(0f, c.get(29));
    }

    @Test
    void emptyAndNegativeShapes() {
        ScratchTensor s = new ScratchTensor();
        assertEquals(0, s.shaped(0, 7).size());
        assertThrows(IllegalArgumentException.class, () -> s.shaped(2, -1));
    }
}
