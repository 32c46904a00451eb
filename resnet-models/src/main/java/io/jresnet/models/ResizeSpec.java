package io.jresnet.models;

/** How an image is resized before the optional crop: to a fixed size, or keeping its aspect ratio. */
public sealed interface ResizeSpec permits ExactResize, ShorterSideResize {}
