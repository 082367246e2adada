package dev.conntrail.capture;

/** What {@link PacketSource#next(Frame)} produced. Normal outcomes are values, not exceptions. */
public enum ReadResult {
    /** The frame was filled. */
    FRAME,
    /** A live source waited without a packet arriving (or was woken to stop); try again. */
    TIMEOUT,
    /** The source is finished: end of file, or a live capture was stopped. */
    END,
    /**
     * The source cannot go on: a capture file is cut off or corrupt at this point. Every frame before it
     * was delivered; {@link PacketSource#problem()} says where and what broke.
     */
    DAMAGED
}
