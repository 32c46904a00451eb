package io.jresnet.models.data;

import static io.jresnet.models.data.DataFiles.assertFails;
import static io.jresnet.models.data.DataFiles.example;
import static io.jresnet.models.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.tensor.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
  @TempDir Path root;

  /** A solid-colour PNG or JPEG of {@code h x w}. */
  private Path image(String classDir, String name, int h, int w, int rgb) throws IOException {
    Path folder = Files.createDirectories(root.resolve(classDir));
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    Path file = folder.resolve(name);
    ImageIO.write(image, name.endsWith(".png") ? "png" : "jpeg", file.toFile());
    return file;
  }

  @Test
  void sortedClassesResizedExamples() throws IOException {
    image("zebra", "b.png", 10, 6, 0x102030);
    image("zebra", "a.PNG", 4, 4, 0x405060);
    image("ant", "only.png", 3, 5, 0xFF0080);
    image("ant", "photo.jpg", 8, 8, 0x808080);
    Files.writeString(root.resolve("ant").resolve("notes.txt"), "ignored");
    Files.writeString(root.resolve("README"), "ignored: not a folder");
    Files.createDirectories(root.resolve(".cache"));
    ImageFolderDataset data = ImageFolderDataset.open(root, 7, 9, 3);
    assertEquals(List.of("ant", "zebra"), data.classNames());
    assertEquals(4, data.size());
    assertEquals(Shape.of(7, 9, 3), data.exampleShape());
    assertEquals(List.of("only.png", "photo.jpg", "a.PNG", "b.png"),
        List.of(0, 1, 2, 3).stream().map(i -> data.file(i).getFileName().toString()).toList());
    assertArrayEquals(new int[] {0, 0, 1, 1}, new int[] {data.label(0), data.label(1), data.label(2), data.label(3)});
    // A solid colour stays that colour through the resize; values are raw 0..255.
    float[] x = example(data, 3);
    assertEquals(7 * 9 * 3, x.length);
    for (int p = 0; p < 63; p++) {
      assertArrayEquals(new float[] {0x10, 0x20, 0x30}, new float[] {x[3 * p], x[3 * p + 1], x[3 * p + 2]});
    }
    float[] grey = example(ImageFolderDataset.open(root, 2, 2, 1), 0);
    assertEquals(ImageFiles.luma(0xFF, 0, 0x80), (int) grey[0]);
  }

  @Test
  void unreadableImagesNameTheFileAndExample() throws IOException {
    image("a", "fine.png", 2, 2, 0);
    Path broken = write(root.resolve("a").resolve("broken.png"), "not a png".getBytes());
    ImageFolderDataset data = ImageFolderDataset.open(root, 2, 2, 3);
    assertEquals(broken, data.file(0));
    assertFails(broken, "example 0 of " + root + ": not a readable image; JPEG and PNG are supported",
        () -> example(data, 0));
  }

  @Test
  void foldersWithoutClassesOrImages() throws IOException {
    Path none = root.resolve("none");
    assertFails(none, "no such folder (expected one sub-folder of images per class)",
        () -> ImageFolderDataset.open(none, 2, 2, 3));
    assertFails(root, "has no class sub-folders", () -> ImageFolderDataset.open(root, 2, 2, 3));
    image("cat", "c.png", 2, 2, 0);
    Path empty = Files.createDirectories(root.resolve("dog"));
    Files.writeString(empty.resolve("d.gif"), "");
    assertFails(empty, "holds no .jpg, .jpeg or .png file; every class folder needs images",
        () -> ImageFolderDataset.open(root, 2, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> ImageFolderDataset.open(root, 2, 2, 2));
  }
}
