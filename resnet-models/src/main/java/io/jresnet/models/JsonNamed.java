package io.jresnet.models;

/** A choice in a model spec, spelled in JSON as {@link #jsonName()}. */
interface JsonNamed {
  String jsonName();
}
