# Alarms for what pages an operator: errors and slowness at the edge, the tracker's
# ledger falling behind, Redis filling up (it runs with noeviction, so a full Redis
# refuses writes), and the database's CPU and storage. All go to one SNS topic.

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
  tags = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "http_5xx_rate" {
  alarm_name          = "${var.name}-http-5xx-rate"
  alarm_description   = "More than ${var.error_rate_percent}% of requests through the ALB answered 5xx over 5 minutes."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.error_rate_percent
  evaluation_periods  = 1
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags

  metric_query {
    id          = "rate"
    expression  = "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / MAX([requests, 1])"
    label       = "5xx per 100 requests"
    return_data = true
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      period      = 300
      stat        = "Sum"
      dimensions  = { LoadBalancer = var.alb_arn_suffix }
    }
  }

  metric_query {
    id = "target5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      period      = 300
      stat        = "Sum"
      dimensions  = { LoadBalancer = var.alb_arn_suffix }
    }
  }

  metric_query {
    id = "elb5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      period      = 300
      stat        = "Sum"
      dimensions  = { LoadBalancer = var.alb_arn_suffix }
    }
  }
}

# One p99 alarm per site target group: the shared site ("site"), each site cell
# ("site-<cell>") and the search lane ("site-search").
locals {
  site_groups = merge({ site = var.site_target_group_arn_suffix }, { for cell, suffix in var.site_cell_target_group_arn_suffixes : "site-${cell}" => suffix })
}

moved {
  from = aws_cloudwatch_metric_alarm.site_p99
  to   = aws_cloudwatch_metric_alarm.site_p99["site"]
}

resource "aws_cloudwatch_metric_alarm" "site_p99" {
  for_each            = local.site_groups
  alarm_name          = "${var.name}-${each.key}-p99"
  alarm_description   = "Site response time p99 (${each.key}) above ${var.site_p99_seconds} s for 15 minutes."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.site_p99_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
  dimensions = {
    LoadBalancer = var.alb_arn_suffix
    TargetGroup  = each.value
  }
}

resource "aws_cloudwatch_metric_alarm" "tracker_flush_lag" {
  for_each            = toset(var.tracker_cells)
  alarm_name          = "${var.name}-tracker-${each.value}-flush-lag"
  alarm_description   = "Tracker cell ${each.value}: the ledger flush into PostgreSQL lags more than ${var.tracker_flush_lag_seconds} s (custom metric from the metrics sidecar); missing data counts as breaching: no figures means no tracker."
  namespace           = "Swarmhost/Tracker"
  metric_name         = "tracker_flush_lag_seconds"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.tracker_flush_lag_seconds
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
  dimensions          = { Cell = each.value }
}

resource "aws_cloudwatch_metric_alarm" "redis_memory" {
  count               = var.redis_node_count
  alarm_name          = "${var.name}-redis-${format("%03d", count.index + 1)}-memory"
  alarm_description   = "Redis node ${format("%03d", count.index + 1)} uses more than ${var.redis_memory_percent}% of its memory (noeviction: writes fail when full)."
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.redis_memory_percent
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
  dimensions          = { CacheClusterId = "${var.redis_replication_group_id}-${format("%03d", count.index + 1)}" }
}

resource "aws_cloudwatch_metric_alarm" "database_cpu" {
  alarm_name          = "${var.name}-postgres-cpu"
  alarm_description   = "PostgreSQL CPU above ${var.database_cpu_percent}% for 10 minutes."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.database_cpu_percent
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
  dimensions          = { DBInstanceIdentifier = var.database_instance_id }
}

resource "aws_cloudwatch_metric_alarm" "database_storage" {
  alarm_name          = "${var.name}-postgres-free-storage"
  alarm_description   = "PostgreSQL free storage below ${var.database_free_storage_gb} GiB."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = var.database_free_storage_gb * 1024 * 1024 * 1024
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
  dimensions          = { DBInstanceIdentifier = var.database_instance_id }
}
