package dev.jrunc.spec;

import java.util.List;

/** {@code process.user}; uid, gid, umask and additionalGids are uint32 held as Long. */
public record User(
        @Num.U32 Long uid,
        @Num.U32 Long gid,
        @Num.U32 Long umask,
        @Num.U32List List<Long> additionalGids,
        String username) {

    public User {
        additionalGids = Copies.list(additionalGids);
    }
}
