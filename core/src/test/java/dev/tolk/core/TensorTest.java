package dev.tolk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void storageIsDirectNativeOrderAndExactlySized() {
        Tensor t = Tensor.zeros(3, 5);
        assertTrue(t.buffer().isDirect());
        assertEquals(ByteOrder.nativeOrder(), t.buffer().order());
        assertEquals(15, t.buffer().capacity());
        assertEquals(0, t.offset());
        assertArrayEquals(new float[15], t.toArray());
    }

    @Test
    void storageIsCacheLineAligned() {
        assumeTrue(GemmTest.openBlasShipped());
        for (int n : new int[] {1, 3, 17, 1000}) {
            Tensor t = Tensor.zeros(n);
            long address = nativeAddress(t);
            assertEquals(0, address % 64, "size " + n);
        }
    }

    @Test
    void rowsAndReshapeAreViewsSharingStorage() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
        assertEquals(6, t.rowCount());
        assertEquals(2, t.colCount());
        Tensor second = t.rows(1, 1);
        assertArrayEquals(new int[] {1, 3, 2}, second.shape());
        assertEquals(6, second.offset());
        assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, second.toArray());
        Tensor flat = second.reshape(3, 2).rows(1, 2);
        assertEquals(8, flat.offset());
        assertEquals(9f, flat.get(0, 1));
        flat.set(1, 1, -1f);
        assertEquals(-1f, t.get(11));
        assertSame(t.buffer(), flat.buffer());
        Tensor row = t.row(0);
        assertArrayEquals(new int[] {3, 2}, row.shape());
        assertEquals(5f, row.get(2, 1));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(5, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.rows(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> row.get(6));
    }

    @Test
    void matrixViewOfEmptyShapes() {
        Tensor noCols = Tensor.zeros(4, 0);
        assertEquals(4, noCols.rowCount());
        assertEquals(0, noCols.colCount());
        Tensor noRows = Tensor.zeros(0, 3);
        assertEquals(0, noRows.rowCount());
        assertEquals(3, noRows.colCount());
        assertEquals(1, Tensor.zeros(7).rowCount());
    }

    @Test
    void viewsShareTheCachedNativeAddressAndGemmUsesTheirOffsets() {
        assumeTrue(GemmTest.openBlasShipped());
        Tensor storage = Tensor.of(new float[] {9, 9, 1, 2, 3, 4, 9, 9}, 4, 2);
        Tensor a = storage.rows(1, 2);
        Tensor c = Tensor.zeros(3, 2);
        Tensor cView = c.rows(1, 2);
        Gemm g = OpenBlasGemm.load(1);
        g.gemm(false, false, 1f, a, a, 0f, cView);
        // [[1,2],[3,4]]² = [[7,10],[15,22]]
        assertArrayEquals(new float[] {0, 0, 7, 10, 15, 22}, c.toArray());
        assertTrue(storage.nativeBaseAddress() != 0);
        assertEquals(storage.nativeBaseAddress(), a.nativeBaseAddress());
        assertEquals(c.nativeBaseAddress(), cView.nativeBaseAddress());
        assertEquals(0, Tensor.zeros(2).nativeBaseAddress());
    }

    private static long nativeAddress(Tensor t) {
        Tensor c = Tensor.zeros(1, 1);
        OpenBlasGemm.load(1).gemm(false, false, 1f, t.reshape(1, t.size()), Tensor.zeros(t.size(), 1), 0f, c);
        return t.nativeBaseAddress();
    }
}
