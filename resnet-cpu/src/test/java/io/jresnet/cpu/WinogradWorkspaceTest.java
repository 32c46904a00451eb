package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The per-point GEMM views are made once per buffer and stride, so that a forward's Winograd layers allocate none. */
class WinogradWorkspaceTest {
  private static final int P = WinogradVariant.F4X4.positions;

  @Test
  void pointViewsAreKeptPerStrideAndRemadeForANewBuffer() {
    WinogradWorkspace ws = new WinogradWorkspace();
    ws.v = new float[P * 300];
    MatrixRef[] c64 = ws.inputPoints(64, P);
    MatrixRef[] c128 = ws.inputPoints(128, P);
    assertEquals(P, c64.length);
    assertEquals(5 * WinogradWorkspace.ldv(64, P), c64[5].offset());
    assertEquals(P * WinogradWorkspace.ldv(128, P), c128[0].stride());
    // Layers alternating between strides get their views back.
    assertSame(c64, ws.inputPoints(64, P));
    assertSame(c128, ws.inputPoints(128, P));
    // Another variant's point count at the same stride gets views of its own.
    MatrixRef[] small = ws.inputPoints(64, WinogradVariant.F2X2.positions);
    assertEquals(WinogradVariant.F2X2.positions, small.length);
    assertEquals(WinogradVariant.F2X2.positions * WinogradWorkspace.ldv(64, 16), small[0].stride());
    assertSame(c64, ws.inputPoints(64, P));
    // More strides than the cache holds: still correct views.
    for (int cin = 1; cin <= 20; cin++) {
      assertEquals(3 * WinogradWorkspace.ldv(cin, P), ws.inputPoints(cin, P)[3].offset());
    }
    // A grown buffer invalidates every view.
    ws.v = new float[ws.v.length * 2];
    MatrixRef[] grown = ws.inputPoints(64, P);
    assertNotSame(c64, grown);
    assertSame(ws.v, grown[0].data());
  }
}
