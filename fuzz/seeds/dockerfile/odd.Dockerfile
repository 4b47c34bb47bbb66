# escape=\
FROM aRUN b
CMD ["a", 1]
CMD ["\u00e9", "\ud83d\ude00"] trailing
FOO bar
USER --x app
HEALTHCHECK NONE
STOPSIGNAL SIGTERM
VOLUME ["/data"]
ARG A B=2
ONBUILD ONBUILD RUN x
