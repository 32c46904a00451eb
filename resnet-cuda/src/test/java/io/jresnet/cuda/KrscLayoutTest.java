package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tensor.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KrscLayoutTest {
  @Test
  void hwioElementLandsAtItsKrscPlace() {
    Shape hwio = Shape.of(2, 3, 4, 5);
    float[] data = new float[hwio.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = i;
    }
    float[] krsc = KrscLayout.toKrsc(data, hwio);
    int kh = 1;
    int kw = 2;
    int ci = 3;
    int co = 4;
    float hwioValue = data[((kh * 3 + kw) * 4 + ci) * 5 + co];
    assertEquals(hwioValue, krsc[((co * 2 + kh) * 3 + kw) * 4 + ci]);
  }

  @Test
  void roundTripsExactly() {
    Shape hwio = Shape.of(3, 3, 7, 11);
    Random random = new Random(5);
    float[] data = new float[hwio.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    assertArrayEquals(data, KrscLayout.toHwio(KrscLayout.toKrsc(data, hwio), hwio));
  }
}
