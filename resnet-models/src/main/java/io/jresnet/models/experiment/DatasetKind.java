package io.jresnet.models.experiment;

import io.jresnet.models.JsonNamed;

/** The on-disk format of an experiment's data (DESIGN §6), spelled in JSON as {@link #jsonName()}. */
public enum DatasetKind implements JsonNamed {
  /** IDX files (MNIST, Fashion-MNIST), gzip or raw: {@code images} and {@code labels} per split. */
  IDX("idx"),
  /** CIFAR-10 binary batches: {@code files} per split. */
  CIFAR10("cifar10"),
  /** One sub-folder per class of JPEG/PNG images: {@code dir} per split. */
  IMAGE_FOLDER("image_folder"),
  /** HDF5 in the Keras-notebook layout ({@code train_set_x}, ...): {@code file} per split. */
  HDF5("hdf5"),
  /** {@code .npy} pairs, NHWC images and integer labels: {@code images} and {@code labels} per split. */
  NPY("npy");

  private final String jsonName;

  DatasetKind(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
