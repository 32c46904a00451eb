package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The per-point GEMM views are made once per buffer and stride, so that a forward's Winograd layers allocate none. */
class WinogradWorkspaceTest {
  @Test
  void pointViewsAreKeptPerStrideAndRemadeForANewBuffer() {
    WinogradWorkspace ws = new WinogradWorkspace();
    ws.v = new float[WinogradTransforms.POSITIONS * 300];
    MatrixRef[] c64 = ws.inputPoints(64);
    MatrixRef[] c128 = ws.inputPoints(128);
    assertEquals(WinogradTransforms.POSITIONS, c64.length);
    assertEquals(5 * WinogradWorkspace.ldv(64), c64[5].offset());
    assertEquals(WinogradTransforms.POSITIONS * WinogradWorkspace.ldv(128), c128[0].stride());
    // Layers alternating between strides get their views back.
    assertSame(c64, ws.inputPoints(64));
    assertSame(c128, ws.inputPoints(128));
    // More strides than the cache holds: still correct views.
    for (int cin = 1; cin <= 20; cin++) {
      assertEquals(3 * WinogradWorkspace.ldv(cin), ws.inputPoints(cin)[3].offset());
    }
    // A grown buffer invalidates every view.
    ws.v = new float[ws.v.length * 2];
    MatrixRef[] grown = ws.inputPoints(64);
    assertNotSame(c64, grown);
    assertSame(ws.v, grown[0].data());
  }
}
