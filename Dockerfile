# The stancewire worker image (also runs any other stancewire command).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY stancewire ./stancewire
COPY agents ./agents
COPY models ./models
RUN pip install --no-cache-dir ".[transformer]"
ENV STANCEWIRE_WEB_HOST=0.0.0.0 \
    STANCEWIRE_DATA_DIR=/data
VOLUME /data
EXPOSE 6066
ENTRYPOINT ["stancewire"]
CMD ["worker"]
