"""cron-jobs: the cron-job scheduler service, served by Flask and FastAPI behind one gateway."""
